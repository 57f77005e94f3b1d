# GIN indexes for full-text search (trusts.search): built on PostgreSQL only.

import django.contrib.postgres.search
from django.db import migrations

import trusts.search


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0004_agreement_representatives_and_documents'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='action',
            index=trusts.search.SearchIndex(django.contrib.postgres.search.SearchVector('description', 'measure', config='english'), name='plan_action_search_idx'),
        ),
        migrations.AddIndex(
            model_name='planversion',
            index=trusts.search.SearchIndex(django.contrib.postgres.search.SearchVector('title', 'needs_assessment', 'early_universal', 'early_targeted', 'early_partner_roles', 'early_workforce', 'commissioning', 'scs_link', 'laa_link', config='english'), name='plan_version_search_idx'),
        ),
        migrations.AddIndex(
            model_name='priority',
            index=trusts.search.SearchIndex(django.contrib.postgres.search.SearchVector('title', config='english'), name='plan_priority_search_idx'),
        ),
    ]
