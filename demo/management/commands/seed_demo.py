"""python manage.py seed_demo: organisations, users for every role and the website. Idempotent."""

import logging
import textwrap
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Role
from demo.accounts import demo_authenticator_keys, demo_organisations_seed, demo_users_seed
from demo.beds import demo_beds_seed
from demo.circulation import demo_circulation_seed
from demo.coordination import demo_coordination_seed
from demo.forms import demo_forms_seed
from demo.liberty import demo_liberty_seed
from demo.outcomes import demo_outcomes_seed
from demo.oversight import demo_oversight_seed
from demo.people import DEMO_PASSWORD, USERS
from demo.privacy import demo_privacy_seed
from demo.reports import demo_reports_seed
from demo.site import demo_site_seed


class Command(BaseCommand):
    help = "Create or update the demo organisations, users and website content (safe to run twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is switched off in these settings (DEMO_DATA_ALLOWED is false).")
        # The demo queues some forty messages and packs: django-q2 would log each one before the logins.
        logging.getLogger("django-q").setLevel(logging.WARNING)
        organisations = demo_organisations_seed()
        users = demo_users_seed()
        pages = demo_site_seed()
        versions = demo_forms_seed()
        # Order matters: circulation needs beds and submitted referrals; outcomes needs closed searches.
        demo_beds_seed()
        demo_circulation_seed()
        demo_liberty_seed()  # orders ending soon, a review due, an overdue unregistered-setting notice
        demo_coordination_seed()
        demo_outcomes_seed()
        demo_oversight_seed()  # synthetic national searches for the oversight reports, after every real search
        demo_reports_seed()  # last month's coordination summary on the data summary page
        demo_privacy_seed()  # an abandoned draft the retention schedule would delete, and a legal hold
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {organisations} organisations, {pages} pages, {versions} form versions."
            )
        )
        if options["quiet_logins"]:
            return
        keys = demo_authenticator_keys()
        self.stdout.write(f"\nDemo logins (password for every account: {DEMO_PASSWORD}):")
        for user in users:
            if user in USERS:
                self.stdout.write(f"  {user.email:<40} {Role(user.role).label} – {user.job_title}")
        others = ", ".join(user.email for user in users if user not in USERS)
        self.stdout.write("\nEvery other home's registered manager has a login too:")
        self.stdout.write(
            textwrap.fill(others, width=116, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False)
        )
        self.stdout.write(
            "\nEach demo login has an authenticator set up already. For its code, run"
            "\n  .venv/bin/python manage.py demo_code EMAIL"
            "\nor add the login's setup key to an authenticator app:"
        )
        for email, key in keys.items():
            self.stdout.write(f"  {email:<40} {key}")
