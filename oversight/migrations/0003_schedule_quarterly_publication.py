"""Periodic jobs are data: the daily check that last quarter's secure welfare placements page is published."""

from django.db import migrations

SCHEDULES = [
    {
        "name": "Publish last quarter's secure welfare placements statistics if not yet published",
        "func": "oversight.tasks.publish_last_quarter",
        "schedule_type": "D",
        "repeats": -1,
    }
]


def create_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for spec in SCHEDULES:
        Schedule.objects.update_or_create(name=spec["name"], defaults=spec)


def delete_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name__in=[spec["name"] for spec in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0002_quarterly_publication"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
