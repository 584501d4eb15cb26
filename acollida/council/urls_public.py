"""The council's public pages (no account needed: every view is ``@login_not_required``)."""

from django.urls import path

from acollida.council import views_proposals as proposals
from acollida.council import views_public as views

app_name = "council_public"

urlpatterns = [
    path("", views.index, name="index"),
    path("bodies/<slug:slug>/", views.composition, name="composition"),
    path("bodies/<slug:slug>/members/", views.members, name="members"),
    path("bodies/<slug:slug>/meetings/", views.meetings, name="meetings"),
    path("bodies/<slug:slug>/advice/", views.accountability, name="accountability"),
    path("bodies/<slug:slug>/propose/", proposals.proposal_submit_public, name="proposal_submit"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("plan/<slug:slug>/", views.plan, name="plan"),
    path("plan/sections/<int:pk>/comment/", views.plan_comment, name="plan_comment"),
]
