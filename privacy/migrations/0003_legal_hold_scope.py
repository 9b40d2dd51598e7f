from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_schedule_retention"),
    ]

    operations = [
        migrations.AddField(
            model_name="legalhold",
            name="scope",
            field=models.CharField(
                choices=[("referral", "This referral"), ("child", "Every referral of this child")],
                default="referral",
                max_length=16,
                verbose_name="what is held",
            ),
        ),
    ]
