# One name for one concept: the local area (model Area, field area), formerly Trust/trust.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0010_area_names'),
        ('pooling', '0002_visible_fund_names'),
        ('trusts', '0005_framework_changes_schedule'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='pooledfund',
            name='pooled_fund_unique_name',
        ),
        migrations.RemoveIndex(
            model_name='pooledfund',
            name='pooled_fund_trust_status_idx',
        ),
        migrations.RemoveIndex(
            model_name='pooledfund',
            name='pooled_fund_trust_basis_idx',
        ),
        migrations.RenameField(
            model_name='historicalpooledfund',
            old_name='trust',
            new_name='area',
        ),
        migrations.RenameField(
            model_name='pooledfund',
            old_name='trust',
            new_name='area',
        ),
        migrations.AddIndex(
            model_name='pooledfund',
            index=models.Index(fields=['area', 'status'], name='pooled_fund_area_status_idx'),
        ),
        migrations.AddIndex(
            model_name='pooledfund',
            index=models.Index(fields=['area', 'legal_basis'], name='pooled_fund_area_basis_idx'),
        ),
        migrations.AddConstraint(
            model_name='pooledfund',
            constraint=models.UniqueConstraint(fields=('area', 'name'), name='pooled_fund_unique_name'),
        ),
    ]
