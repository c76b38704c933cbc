from django.contrib import admin
from django.urls import path

from sociable.accounts import views as accounts
from sociable.core import views as core
from sociable.inbox import views as inbox

urlpatterns = [
    path("", accounts.home, name="home"),
    path("healthz", core.health, name="health"),
    path("login/", accounts.login, name="login"),
    path("logout/", accounts.logout, name="logout"),
    path("password-reset/", accounts.password_reset, name="password_reset"),
    path("password-reset/sent/", accounts.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        accounts.password_reset_complete,
        name="password_reset_complete",
    ),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<int:pk>/", inbox.conversation, name="conversation"),
    path("publish/", core.publish, name="publish"),
    path("calendar/", core.calendar, name="calendar"),
    path("listening/", core.listening, name="listening"),
    path("reports/", core.reports, name="reports"),
    path("settings/", accounts.settings_page, name="settings"),
    path("admin/", admin.site.urls),
]
