"""Listening: saved searches, their dashboards and alerts."""

from django.urls import path

from sociable.listening import views

urlpatterns = [
    path("", views.listening, name="listening"),
    path("new/", views.search_edit, name="listening_search_new"),
    path("<id:pk>/", views.search_dashboard, name="listening_search"),
    path("<id:pk>/edit/", views.search_edit, name="listening_search_edit"),
    path("<id:pk>/run/", views.search_run, name="listening_search_run"),
    path(
        "alerts/<id:alert_id>/acknowledge/",
        views.alert_acknowledge,
        name="listening_alert_acknowledge",
    ),
]
