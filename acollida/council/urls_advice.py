"""The council secretary's screens for advice, the city's answers and plan moderation."""

from django.urls import path

from acollida.council import views_advice as views
from acollida.council import views_plan as plan
from acollida.council import views_proposals as proposals

app_name = "council_advice"

urlpatterns = [
    path("moderation/", views.moderation, name="moderation"),
    path("comments/<int:pk>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("advice/<int:pk>/answer/", views.advice_answer, name="advice_answer"),
    path("proposals/<slug:slug>/", proposals.proposal_list, name="proposal_list"),
    path("proposals/<slug:slug>/new/", proposals.proposal_create, name="proposal_create"),
    path("proposal/<int:pk>/debated/", proposals.proposal_debated, name="proposal_debated"),
    path("proposal/<int:pk>/adopt/", proposals.proposal_adopt, name="proposal_adopt"),
    path("proposal/<int:pk>/reject/", proposals.proposal_reject, name="proposal_reject"),
    path("plans/<slug:slug>/", plan.plan_list, name="plan_list"),
    path("plans/<slug:slug>/new/", plan.plan_create, name="plan_create"),
    path("plan/<int:pk>/", plan.plan_detail, name="plan_detail"),
    path("plan/<int:pk>/edit/", plan.plan_edit, name="plan_edit"),
    path("plan/<int:pk>/status/", plan.plan_status, name="plan_status"),
    path("plan/<int:pk>/sections/new/", plan.section_create, name="plan_section_create"),
    path("plan-section/<int:pk>/edit/", plan.section_edit, name="plan_section_edit"),
    path("plan-section/<int:pk>/move/", plan.section_move, name="plan_section_move"),
    path("<slug:slug>/", views.advice_list, name="advice_list"),
]
