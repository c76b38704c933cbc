from django.urls import path

from sociable.security import views

urlpatterns = [
    path("", views.overview, name="two_factor"),
    path("enrol/", views.enrol, name="two_factor_enrol"),
    path("verify/", views.verify, name="two_factor_verify"),
    path("recovery-codes/", views.recovery_codes, name="two_factor_recovery_codes"),
    path("disable/", views.disable, name="two_factor_disable"),
]
