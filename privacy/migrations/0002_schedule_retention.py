"""Periodic jobs are data: apply the retention schedule once a day, at 02:30 (privacy/tasks.py)."""

import datetime

from django.db import migrations
from django.utils import timezone

NAME = "Apply the retention schedule"


def create_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    first = datetime.datetime.combine(tomorrow, datetime.time(2, 30), tzinfo=timezone.get_current_timezone())
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={"func": "privacy.tasks.retention_daily", "schedule_type": "D", "repeats": -1, "next_run": first},
    )


def delete_schedules(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_legal_holds_and_runs"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
