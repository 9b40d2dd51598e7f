"""Periodic jobs are data: remind homes that have not declared their beds, daily at 10:00 (weekdays only)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations

NAME = "Remind homes to declare today's beds"


def _next_ten_oclock() -> datetime:
    now = datetime.now(ZoneInfo("Europe/London"))
    today_at_ten = datetime.combine(now.date(), time(10), tzinfo=now.tzinfo)
    return today_at_ten if now < today_at_ten else today_at_ten + timedelta(days=1)


def create_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            # Daily rather than cron (croniter is not a dependency); the service skips Saturdays and Sundays.
            "func": "beds.tasks.send_bed_reminders",
            "schedule_type": "D",
            "repeats": -1,
            "next_run": _next_ten_oclock(),
        },
    )


def delete_schedules(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("beds", "0001_bed_declarations"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
