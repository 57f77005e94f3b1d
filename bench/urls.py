"""The site's URLs plus the benchmark's floor: the URL conf of the server ``manage.py bench``
starts (bench.settings), never of the service."""
from django.urls import path

from bench.views import floor
from trusts.urls import handler403, handler404, handler500  # noqa: F401 (Django reads them from the root URL conf)
from trusts.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("floor", floor, name="floor"), *site_urlpatterns]
