"""Periodic jobs are data: the daily move of checkpoints to due and overdue, with reminders."""

from django.db import migrations

SCHEDULES = [
    {
        "name": "Move follow-up checkpoints to due and overdue, and remind leaving-care teams",
        "func": "outcomes.tasks.advance_checkpoints",
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
        ("outcomes", "0001_followups"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
