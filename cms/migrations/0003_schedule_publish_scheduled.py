"""Periodic jobs are data: Wagtail's scheduled publishing and expiry, every ten minutes."""

from django.db import migrations

SCHEDULES = [
    {
        "name": "Publish and expire scheduled website pages",
        "func": "cms.tasks.publish_scheduled_pages",
        "schedule_type": "I",
        "minutes": 10,
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
        ("cms", "0002_site_sections"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
