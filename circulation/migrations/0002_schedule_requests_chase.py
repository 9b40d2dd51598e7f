"""Periodic jobs are data: every 15 minutes, remind homes at half their response time and escalate when it runs out."""

from django.db import migrations

NAME = "Chase homes' responses to circulated referrals"


def create_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            "func": "circulation.tasks.requests_chase_task",
            "schedule_type": "I",
            "minutes": 15,
            "repeats": -1,
        },
    )


def delete_schedules(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("circulation", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
