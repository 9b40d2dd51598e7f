"""python manage.py demo_code EMAIL: the code a demo login's authenticator shows now, to sign in to the demo."""

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import code_for_next_use
from demo.accounts import DEMO_AUTHENTICATOR
from demo.people import DEMO_LOGINS


class Command(BaseCommand):
    help = "Print the current sign-in code of a demo login's authenticator (demo data only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="A demo login, as `seed_demo` prints them.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is switched off in these settings (DEMO_DATA_ALLOWED is false).")
        email = options["email"].strip().lower()
        if email not in {spec.email for spec in DEMO_LOGINS}:
            raise CommandError(f"{email} is not a demo login. Run seed_demo to see them.")
        user = get_user_model().objects.filter(username=email).first()
        device = TOTPDevice.objects.filter(user=user, name=DEMO_AUTHENTICATOR, confirmed=True).first()
        if device is None:
            raise CommandError(f"{email} has no demo authenticator. Run seed_demo first.")
        code, wait = code_for_next_use(device)
        if wait:
            self.stderr.write(f"This code was used already; waiting {wait:.0f} seconds for the next one.")
            time.sleep(wait)
            code, _ = code_for_next_use(device)
        self.stdout.write(code)
