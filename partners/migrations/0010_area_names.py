# One name for one concept: the local area (model Area, field area), formerly Trust/trust.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0009_national_import'),
        ('trusts', '0005_framework_changes_schedule'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='partner',
            name='partner_unique_urn',
        ),
        migrations.RemoveConstraint(
            model_name='partner',
            name='partner_unique_ukprn',
        ),
        migrations.RemoveConstraint(
            model_name='partner',
            name='partner_unique_ods',
        ),
        migrations.RemoveIndex(
            model_name='partner',
            name='partner_trust_type_idx',
        ),
        migrations.RemoveIndex(
            model_name='partner',
            name='partner_trust_engagement_idx',
        ),
        migrations.RemoveIndex(
            model_name='partner',
            name='partner_trust_name_idx',
        ),
        migrations.RemoveIndex(
            model_name='partner',
            name='partner_trust_closed_idx',
        ),
        migrations.RenameField(
            model_name='historicalpartner',
            old_name='trust',
            new_name='area',
        ),
        migrations.RenameField(
            model_name='partner',
            old_name='trust',
            new_name='area',
        ),
        migrations.RenameField(
            model_name='partnerimport',
            old_name='trust',
            new_name='area',
        ),
        migrations.AddIndex(
            model_name='partner',
            index=models.Index(fields=['area', 'org_type'], name='partner_area_type_idx'),
        ),
        migrations.AddIndex(
            model_name='partner',
            index=models.Index(fields=['area', 'engagement'], name='partner_area_engagement_idx'),
        ),
        migrations.AddIndex(
            model_name='partner',
            index=models.Index(fields=['area', 'name'], name='partner_area_name_idx'),
        ),
        migrations.AddIndex(
            model_name='partner',
            index=models.Index(fields=['area', 'closed_on'], name='partner_area_closed_idx'),
        ),
        migrations.AddConstraint(
            model_name='partner',
            constraint=models.UniqueConstraint(condition=models.Q(('urn', ''), _negated=True), fields=('area', 'urn'), name='partner_unique_urn'),
        ),
        migrations.AddConstraint(
            model_name='partner',
            constraint=models.UniqueConstraint(condition=models.Q(('ukprn', ''), _negated=True), fields=('area', 'ukprn'), name='partner_unique_ukprn'),
        ),
        migrations.AddConstraint(
            model_name='partner',
            constraint=models.UniqueConstraint(condition=models.Q(('ods_code', ''), _negated=True), fields=('area', 'ods_code'), name='partner_unique_ods'),
        ),
    ]
