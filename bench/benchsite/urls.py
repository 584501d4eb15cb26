"""The product's URLs plus ``/bench/empty``: an empty view behind the same middleware stack."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from acollida.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


@login_not_required
def empty_view(request: HttpRequest) -> HttpResponse:
    """The baseline: no database, no template, nothing but Django and the middleware."""
    return HttpResponse(b"")


urlpatterns = [path("bench/empty", empty_view, name="bench_empty"), *urlpatterns]
