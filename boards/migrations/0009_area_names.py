# One name for one concept: the local area (model Area, field area), formerly Trust/trust.

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('boards', '0008_interests_review'),
        ('trusts', '0005_framework_changes_schedule'),
    ]

    operations = [
        # the history of a board's joint areas is kept: its table is renamed, not recreated
        migrations.RenameModel(old_name='HistoricalBoard_joint_trusts', new_name='HistoricalBoard_joint_areas'),
        migrations.AlterModelOptions(name='historicalboard_joint_areas',
                                     options={'verbose_name': 'HistoricalBoard_joint_areas'}),
        migrations.RenameField(model_name='historicalboard_joint_areas', old_name='trust', new_name='area'),
        migrations.RemoveIndex(
            model_name='board',
            name='board_trust_name_idx',
        ),
        migrations.RenameField(
            model_name='board',
            old_name='trust',
            new_name='area',
        ),
        migrations.RenameField(
            model_name='board',
            old_name='joint_trusts',
            new_name='joint_areas',
        ),
        migrations.RenameField(
            model_name='historicalboard',
            old_name='trust',
            new_name='area',
        ),
        migrations.AddIndex(
            model_name='board',
            index=models.Index(fields=['area', 'name'], name='board_area_name_idx'),
        ),
    ]
