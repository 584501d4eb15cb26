"""URL map. Every pattern here has a row in ``tests/core/test_access_matrix.py``."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from acollida.agenda.views_queue import ical_feed
from acollida.api import api_urls
from acollida.core.views import system

urlpatterns = [
    path("healthz", system.healthz, name="healthz"),
    path("calendar/<str:token>.ics", ical_feed, name="agenda_ical"),
    path("i18n/setlang/", system.set_language, name="set_language"),
    path("api/v1/", api_urls()),
    path("api/hsds/", include("acollida.directory.hsds.urls")),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("acollida.core.urls")),
    path("people/", include("acollida.people.urls")),
    path("cases/", include("acollida.cases.urls")),
    path("agenda/", include("acollida.agenda.urls")),
    path("directory/manage/", include("acollida.directory.urls_manage")),
    path("housing/", include("acollida.housing.urls")),
    path("council/public/", include("acollida.council.urls_public")),
    path("council/advice/", include("acollida.council.urls_advice")),
    path("council/", include("acollida.council.urls")),
    path("emergency/", include("acollida.emergency.urls")),
    path("directory/", include("acollida.directory.urls_public")),
    prefix_default_language=True,
)

handler400 = "acollida.core.views.system.bad_request"
handler403 = "acollida.core.views.system.permission_denied"
handler404 = "acollida.core.views.system.page_not_found"
handler500 = "acollida.core.views.system.server_error"
