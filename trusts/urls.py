from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from trusts.features import features
from trusts.health import healthz

admin.site.site_header = settings.SERVICE_NAME + ": data stewards"
admin.site.site_title = settings.SERVICE_NAME
admin.site.index_title = "National data"
# The admin's model list repeated beside every page: 23 KB and a few ms a page; the admin's
# home page and breadcrumbs lead to every list (and a narrow screen has room for neither).
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("trusts.urls_api")),
    *(path("api/", include(feature.api_urls)) for feature in features() if feature.api_urls),
    path("healthz", healthz, name="healthz"),
    path("", include("trusts.urls_app")),
    path("", include("trusts.notices.urls")),
    # each feature app's pages (trusts/features.py)
    *(path("", include(feature.urls)) for feature in features() if feature.urls),
]

handler403 = "trusts.views.error_403"
handler404 = "trusts.views.error_404"
handler500 = "trusts.views.error_500"
