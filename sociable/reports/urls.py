"""Reports (included at /reports/)."""

from django.urls import path

from sociable.reports import views

urlpatterns = [
    path("", views.report_page, name="reports"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("tables/<slug:table>.csv", views.report_csv, name="report_csv"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes/new/", views.outcome_new, name="outcome_new"),
    path("outcomes/<id:pk>/delete/", views.outcome_delete, name="outcome_delete"),
    path("monthly/", views.subscriptions, name="report_subscriptions"),
    path("monthly/new/", views.subscription_edit, name="report_subscription_new"),
    path("monthly/<id:pk>/", views.subscription_edit, name="report_subscription_edit"),
    path("monthly/<id:pk>/delete/", views.subscription_delete, name="report_subscription_delete"),
]
