"""Periodic jobs are data: the real facts rebuilt every 5 minutes, so report pages only read them."""

from django.db import migrations

SCHEDULES = [
    {
        "name": "Rebuild the oversight facts of referred children's searches and the homes' beds",
        "func": "oversight.tasks.rebuild_facts",
        "schedule_type": "I",
        "minutes": 5,
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
        ("oversight", "0005_facts_build"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
