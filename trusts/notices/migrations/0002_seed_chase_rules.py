"""Once seeded the default chase rules; they are now added after every ``migrate`` from the
kinds the apps declare (``trusts.notices.kinds.sync_chase_rules``), so this step does nothing."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
