# GIN indexes for full-text search (trusts.search): built on PostgreSQL only.

import django.contrib.postgres.search
from django.db import migrations

import trusts.search


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0005_partner_phase'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='partner',
            index=trusts.search.SearchIndex(django.contrib.postgres.search.SearchVector('name', 'urn', 'ukprn', 'ods_code', config='english'), name='partner_search_idx'),
        ),
    ]
