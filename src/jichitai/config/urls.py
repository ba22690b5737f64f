"""URLs: `/` chooser, `/<lg_code>/…` per municipality, `/api/v1/…`, `/admin/` master data."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from jichitai.config.api import api
from jichitai.tenants.views import chooser_view

municipality_patterns = [
    path("", include("jichitai.tenants.urls")),
    path("staff/", include("jichitai.identity.urls")),
    path("audit/", include("jichitai.audit.urls")),
    path("certificates/", include("jichitai.registry.certificates.urls")),
    path("registry/", include("jichitai.registry.urls")),
    path("portal/", include("jichitai.portal.urls")),
    path("office/", include("jichitai.procedures.urls")),
    path("opendata/", include("jichitai.opendata.urls")),
    path("insights/", include("jichitai.insights.urls")),
    path("visits/", include("jichitai.visits.urls")),
    path("messages/", include("jichitai.messaging.urls")),
    path("payments/", include("jichitai.payments.urls")),
    path("counter/", include("jichitai.counter.urls")),
]

urlpatterns = [
    path("", chooser_view, name="chooser"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("<lg:lg_code>/", include(municipality_patterns)),
]

handler400 = "jichitai.config.views.bad_request"
handler500 = "jichitai.config.views.server_error"
