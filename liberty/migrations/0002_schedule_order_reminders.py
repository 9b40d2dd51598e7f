"""Periodic jobs are data: remind local authorities of orders ending in 28, 14 and 7 days, daily at 08:00."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations

NAME = "Remind local authorities of liberty orders ending"


def _next_eight_oclock() -> datetime:
    now = datetime.now(ZoneInfo("Europe/London"))
    today_at_eight = datetime.combine(now.date(), time(8), tzinfo=now.tzinfo)
    return today_at_eight if now < today_at_eight else today_at_eight + timedelta(days=1)


def create_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            "func": "liberty.tasks.send_order_reminders",
            "schedule_type": "D",
            "repeats": -1,
            "next_run": _next_eight_oclock(),
        },
    )


def delete_schedules(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("liberty", "0001_liberty_orders"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
