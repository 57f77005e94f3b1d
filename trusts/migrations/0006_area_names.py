# One name for one concept: the local area (model Area, field area), formerly Trust/trust.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('boards', '0009_area_names'),
        ('notices', '0005_admin_indexes'),
        ('partners', '0010_area_names'),
        ('plans', '0007_area_names'),
        ('pooling', '0003_area_names'),
        ('trusts', '0005_framework_changes_schedule'),
    ]

    operations = [
        migrations.RenameModel(
            old_name='Trust',
            new_name='Area',
        ),
        migrations.RenameModel(
            old_name='HistoricalTrust',
            new_name='HistoricalArea',
        ),
        migrations.RemoveConstraint(
            model_name='membership',
            name='membership_unique',
        ),
        migrations.RemoveIndex(
            model_name='direction',
            name='direction_trust_status_idx',
        ),
        migrations.RemoveIndex(
            model_name='membership',
            name='membership_trust_kind_idx',
        ),
        migrations.RenameField(
            model_name='direction',
            old_name='trust',
            new_name='area',
        ),
        migrations.RenameField(
            model_name='historicaldirection',
            old_name='trust',
            new_name='area',
        ),
        migrations.RenameField(
            model_name='historicalmembership',
            old_name='trust',
            new_name='area',
        ),
        migrations.RenameField(
            model_name='membership',
            old_name='trust',
            new_name='area',
        ),
        migrations.RenameIndex(
            model_name='area',
            new_name='area_authority_type_idx',
            old_name='trust_authority_type_idx',
        ),
        migrations.RenameIndex(
            model_name='area',
            new_name='area_region_idx',
            old_name='trust_region_idx',
        ),
        migrations.AddIndex(
            model_name='direction',
            index=models.Index(fields=['area', 'status'], name='direction_area_status_idx'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['area', 'kind'], name='membership_area_kind_idx'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(fields=('user', 'area', 'kind'), name='membership_unique'),
        ),
    ]
