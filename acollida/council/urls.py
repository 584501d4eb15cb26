"""Council screens. Staff screens of the council secretary: bodies, seats, members and mandates."""

from django.urls import URLPattern, path

from acollida.council import views_manage as manage
from acollida.council import views_meetings as meetings

app_name = "council"

urlpatterns: list[URLPattern] = [
    # --- bodies, seats, organisations, members and mandates (the council secretary) ---
    path("manage/", manage.bodies, name="bodies"),
    path("manage/new/", manage.body_create, name="body_create"),
    path("manage/<slug:slug>/", manage.body_detail, name="body_detail"),
    path("manage/<slug:slug>/edit/", manage.body_edit, name="body_edit"),
    path("manage/<slug:slug>/merge/", manage.body_merge, name="body_merge"),
    path("manage/<slug:slug>/dissolve/", manage.body_dissolve, name="body_dissolve"),
    path("manage/<slug:slug>/categories/", manage.category_save, name="category_save"),
    path("manage/<slug:slug>/seats/", manage.seats_add, name="seats_add"),
    path("manage/<slug:slug>/vacancies/", manage.vacancies, name="vacancies"),
    path("manage/<slug:slug>/composition/", manage.composition, name="composition"),
    path("organisations/", manage.organisations, name="organisations"),
    path("organisations/new/", manage.organisation_edit, name="organisation_create"),
    path("organisations/<int:pk>/edit/", manage.organisation_edit, name="organisation_edit"),
    path("members/", manage.members, name="members"),
    path("members/new/", manage.member_edit, name="member_create"),
    path("members/<int:pk>/", manage.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", manage.member_edit, name="member_edit"),
    path("members/<int:pk>/declarations/", manage.declaration_add, name="declaration_add"),
    path("seats/<int:pk>/mandates/", manage.mandate_assign, name="mandate_assign"),
    path("mandates/<int:pk>/end/", manage.mandate_end, name="mandate_end"),
    # --- meetings: convening, roll call, votes and minutes (the council secretary) ---
    path("manage/<slug:slug>/meetings/", meetings.meetings, name="meetings"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/agenda/", meetings.agenda_add, name="meeting_agenda_add"),
    path("meetings/<int:pk>/documents/", meetings.document_add, name="meeting_document_add"),
    path("meetings/<int:pk>/convene/", meetings.meeting_convene, name="meeting_convene"),
    path("meetings/<int:pk>/access-needs/", meetings.access_need_add, name="meeting_access_need_add"),
    path("access-needs/<int:pk>/", meetings.access_need_advance, name="access_need_advance"),
    path("meetings/<int:pk>/roll-call/", meetings.roll_call, name="meeting_roll_call"),
    path("attendances/<int:pk>/", meetings.attendance_mark, name="attendance_mark"),
    path("attendances/<int:pk>/turn/", meetings.attendance_turn, name="attendance_turn"),
    path("meetings/<int:pk>/votes/", meetings.vote_create, name="vote_create"),
    path("votes/<int:pk>/", meetings.vote_detail, name="vote_detail"),
    path("votes/<int:pk>/ballots/", meetings.ballot_cast, name="ballot_cast"),
    path("votes/<int:pk>/close/", meetings.vote_close, name="vote_close"),
    path("votes/<int:pk>/dissents/", meetings.dissent_add, name="dissent_add"),
    path("meetings/<int:pk>/minutes/", meetings.minutes, name="minutes"),
    path("minutes/<int:pk>/", meetings.minutes_action, name="minutes_action"),
    # --- public, read-only: approved minutes and the feeds of a body's meetings ---
    path("meetings/<int:pk>/approved-minutes/", meetings.public_minutes, name="public_minutes"),
    path("<slug:slug>/meetings.ics", meetings.meetings_ical, name="meetings_ical"),
    path("<slug:slug>/meetings.rss", meetings.meetings_rss, name="meetings_rss"),
]
