"""Formerly: rebuild every child's facts and the rollup with the rules of the time. Now a no-op.

It ran the current code's rebuild, which reads and writes columns and tables that later migrations add (0009's
liberty indicator), so on a database with follow-ups still at 0006 it failed. 0009 rebuilds with every column
present; databases that ran this migration before are unaffected.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0006_indicator_rollup")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
