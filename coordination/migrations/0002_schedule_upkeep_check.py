"""Periodic jobs are data: the daily upkeep check (reminders before updates and reviews fall due, overdue notices)."""

import datetime

from django.db import migrations
from django.utils import timezone

SCHEDULES = [
    {
        "name": "Remind local authorities about updates and reviews of open searches",
        "func": "coordination.tasks.upkeep_check",
        "schedule_type": "D",
        "repeats": -1,
    }
]


def _next_morning():
    """07:00 tomorrow, local time: reminders arrive at the start of the working day."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(7, 0)))


def create_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for spec in SCHEDULES:
        Schedule.objects.update_or_create(name=spec["name"], defaults={**spec, "next_run": _next_morning()})


def delete_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name__in=[spec["name"] for spec in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0001_upkeep_and_ofsted"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
