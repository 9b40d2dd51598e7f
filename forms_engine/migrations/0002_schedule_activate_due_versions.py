"""Periodic jobs are data: the hourly switch of scheduled form versions to live."""

from django.db import migrations

SCHEDULES = [
    {
        "name": "Activate form versions on their effective date",
        "func": "forms_engine.tasks.activate_due_form_versions",
        "schedule_type": "H",
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
        ("forms_engine", "0001_form_versions"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
