# GIN indexes for full-text search (trusts.search): built on PostgreSQL only.

import django.contrib.postgres.search
from django.db import migrations

import trusts.search


class Migration(migrations.Migration):

    dependencies = [
        ('boards', '0003_seat_represented_groups'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='agendaitem',
            index=trusts.search.SearchIndex(django.contrib.postgres.search.SearchVector('title', 'description', config='english'), name='agenda_item_search_idx'),
        ),
        migrations.AddIndex(
            model_name='decision',
            index=trusts.search.SearchIndex(django.contrib.postgres.search.SearchVector('resolution', config='english'), name='decision_search_idx'),
        ),
        migrations.AddIndex(
            model_name='meeting',
            index=trusts.search.SearchIndex(django.contrib.postgres.search.SearchVector('place', 'minutes', config='english'), name='meeting_search_idx'),
        ),
        migrations.AddIndex(
            model_name='paper',
            index=trusts.search.SearchIndex(django.contrib.postgres.search.SearchVector('title', config='english'), name='paper_search_idx'),
        ),
    ]
