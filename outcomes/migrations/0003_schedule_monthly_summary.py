"""Periodic jobs are data: the monthly coordination summary, published on the 1st of each month for the month before."""

import datetime

from django.db import migrations

NAME = "Publish last month's coordination summary (PDF and slides) on the data summary page"


def _first_of_next_month(now: datetime.datetime) -> datetime.datetime:
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    return datetime.datetime(year, month, 1, 6, 0, tzinfo=datetime.UTC)


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            "func": "outcomes.reporting.tasks.publish_monthly_summary",
            "schedule_type": "M",  # monthly: next_run moves on one month at a time, keeping the 1st at 06:00 UTC
            "repeats": -1,
            "next_run": _first_of_next_month(datetime.datetime.now(datetime.UTC)),
        },
    )


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0002_schedule_advance_checkpoints"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
