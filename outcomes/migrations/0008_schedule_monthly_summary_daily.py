"""The monthly summary's schedule runs daily at 06:00 UTC: the task publishes last month's summary only when it is not
on the page yet, so a run lost to a killed worker or a broker outage is made good the next day."""

import datetime

from django.db import migrations

NAME = "Publish last month's coordination summary (PDF and slides) on the data summary page"
FUNC = "outcomes.reporting.tasks.publish_monthly_summary"


def _next_six(now: datetime.datetime) -> datetime.datetime:
    six = now.replace(hour=6, minute=0, second=0, microsecond=0)
    return six if six > now else six + datetime.timedelta(days=1)


def daily(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            "func": FUNC,
            "schedule_type": "D",
            "repeats": -1,
            "next_run": _next_six(datetime.datetime.now(datetime.UTC)),
        },
    )


def monthly(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    now = datetime.datetime.now(datetime.UTC)
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    Schedule.objects.filter(name=NAME).update(
        schedule_type="M", next_run=datetime.datetime(year, month, 1, 6, 0, tzinfo=datetime.UTC)
    )


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0007_rebuild_indicator_facts_and_rollup")]

    operations = [migrations.RunPython(daily, monthly)]
