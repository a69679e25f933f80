import os
import time

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.decorators.gzip import gzip_page
from drf_spectacular.views import SpectacularSwaggerSplitView

from core.api.schema_view import SchemaView
from portfolio import public_urls as portfolio_public_urls
from roadmap import public_urls as roadmap_public_urls

api_v1 = [
    path("", include("portfolio.api.urls")),
    path("roadmap/", include("roadmap.api.urls")),
    path("intake/", include("covid_intake.api.urls")),
    path("", include("scoring.api.urls")),
    path("reporting/", include("reporting.api.urls")),
    path("", include("committees.api.urls")),
    path("", include("core.api.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((api_v1, "api"))),
    # the OpenAPI document changes only with the code: built once per process (the key is
    # the process's own, so a new deploy never serves an old document) and language;
    # compact JSON (core.api.schema_view), gzip-compressed for clients that accept it
    path(
        "api/schema/",
        gzip_page(
            cache_page(24 * 3600, key_prefix=f"schema-{os.getpid()}-{time.time_ns()}")(
                SchemaView.as_view()
            )
        ),
        name="schema",
    ),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("", include("core.urls")),
    path("", include("people.urls")),
    path("", include("portfolio.urls")),
    path("roadmap/", include("roadmap.urls")),
    path("intake/", include("covid_intake.urls")),
    path("scoring/", include("scoring.urls")),
    path("reporting/", include("reporting.urls")),
    path("public/reports/", include("reporting.public_urls")),
    path("committees/", include("committees.urls")),
    path("public/committees/", include("committees.public_urls")),
    # one `public` namespace: the portfolio's public pages and the published roadmap
    path(
        "public/",
        include(([*portfolio_public_urls.urlpatterns, *roadmap_public_urls.urlpatterns], "public")),
    ),
]
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
