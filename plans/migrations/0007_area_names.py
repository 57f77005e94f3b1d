# One name for one concept: the local area (model Area, field area), formerly Trust/trust.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0006_admin_indexes'),
        ('trusts', '0005_framework_changes_schedule'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='planversion',
            options={'ordering': ['area', '-number'], 'verbose_name': 'plan version'},
        ),
        migrations.RemoveConstraint(
            model_name='planversion',
            name='plan_version_number_unique',
        ),
        migrations.RemoveConstraint(
            model_name='planversion',
            name='plan_one_open_version',
        ),
        migrations.RemoveConstraint(
            model_name='planversion',
            name='plan_one_published_version',
        ),
        migrations.RemoveIndex(
            model_name='planversion',
            name='plan_version_trust_status_idx',
        ),
        migrations.RenameField(
            model_name='historicalplansettings',
            old_name='trust',
            new_name='area',
        ),
        migrations.RenameField(
            model_name='historicalplanversion',
            old_name='trust',
            new_name='area',
        ),
        migrations.RenameField(
            model_name='plansettings',
            old_name='trust',
            new_name='area',
        ),
        migrations.RenameField(
            model_name='planversion',
            old_name='trust',
            new_name='area',
        ),
        migrations.AddIndex(
            model_name='planversion',
            index=models.Index(fields=['area', 'status'], name='plan_version_area_status_idx'),
        ),
        migrations.AddConstraint(
            model_name='planversion',
            constraint=models.UniqueConstraint(fields=('area', 'number'), name='plan_version_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='planversion',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['draft', 'consultation', 'agreement', 'approval'])), fields=('area',), name='plan_one_open_version'),
        ),
        migrations.AddConstraint(
            model_name='planversion',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'published')), fields=('area',), name='plan_one_published_version'),
        ),
    ]
