"""The council secretary's screens for advice, the city's answers and plan moderation."""

from django.urls import path

from acollida.council import views_advice as views

app_name = "council_advice"

urlpatterns = [
    path("moderation/", views.moderation, name="moderation"),
    path("comments/<int:pk>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("advice/<int:pk>/answer/", views.advice_answer, name="advice_answer"),
    path("<slug:slug>/", views.advice_list, name="advice_list"),
]
