from django.urls import path

from sociable.audit import views as audit
from sociable.privacy import views

urlpatterns = [
    path("settings/retention/", views.retention_rules, name="retention_rules"),
    path("settings/people/", views.people, name="privacy_people"),
    path("settings/people/<id:pk>/", views.subject_access_page, name="subject_access"),
    path(
        "settings/people/<id:pk>/export.json", views.subject_access_json, name="subject_access_json"
    ),
    path("settings/people/<id:pk>/export.csv", views.subject_access_csv, name="subject_access_csv"),
    path("settings/people/<id:pk>/erase/", views.erase, name="contact_erase"),
    path("settings/audit/", audit.audit_log, name="audit_log"),
    path("settings/audit/export.csv", audit.audit_csv, name="audit_csv"),
]
