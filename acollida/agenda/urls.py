from django.urls import path

from acollida.agenda import views, views_queue, views_requests

app_name = "agenda"

urlpatterns = [
    path("", views.day, name="day"),
    path("book/<int:person_id>/", views.book, name="book"),
    path("appointments/<int:appointment_id>/", views.appointment, name="appointment"),
    path("appointments/<int:appointment_id>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:appointment_id>/reschedule/", views.reschedule, name="reschedule"),
    path("appointments/<int:appointment_id>/attendance/", views.mark, name="mark"),
    path(
        "appointments/<int:appointment_id>/interpreter/", views.interpreter_assign, name="interpreter_assign"
    ),
    path("slots/", views.slots, name="slots"),
    path("interpreters/", views.interpreters_needed, name="interpreters_needed"),
    path("queue/", views_queue.queue, name="queue"),
    path("queue/<int:office_id>/issue/", views_queue.ticket_issue, name="ticket_issue"),
    path("queue/<int:office_id>/call/", views_queue.ticket_call, name="ticket_call"),
    path("tickets/<int:ticket_id>/", views_queue.ticket_finish, name="ticket_finish"),
    path("display/<int:office_id>/", views_queue.display, name="display"),
    path("feeds/", views_queue.feeds, name="feeds"),
    path("feeds/<int:feed_id>/revoke/", views_queue.feed_revoke, name="feed_revoke"),
    path("requests/", views_requests.requests, name="requests"),
    path("requests/<int:request_id>/", views_requests.request_detail, name="request"),
    path("requests/<int:request_id>/book/<int:person_id>/", views_requests.request_book, name="request_book"),
    path("requests/<int:request_id>/close/", views_requests.request_close, name="request_close"),
]
