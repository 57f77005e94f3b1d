"""manage.py clear_page_cache: make every cached page fragment stale at once.

Writes made through the application (web, workers, management commands) are seen at
once; a change made outside it (psql, a restored backup) is not, until the fragments'
time runs out (FRAGMENT_CACHE_SECONDS) or this command is run."""
from django.core.management.base import BaseCommand

from trusts import pagecache


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        pagecache.clear()
        self.stdout.write("Every cached page fragment will be made again on its next request.")
