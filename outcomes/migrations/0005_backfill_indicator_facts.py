"""Once the backfill of the indicator facts; now done by 0007, after 0006 added the report key and the rollup.

The current rebuild writes columns and a table that do not exist yet at this point, so this step does nothing.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0004_indicator_facts")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
