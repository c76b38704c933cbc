from django.contrib import admin
from django.urls import include, path

from sociable.accounts import views as accounts
from sociable.core import bounds  # noqa: F401 (registers the <id:…> converter)
from sociable.core import views as core
from sociable.inbox import settings_views
from sociable.inbox import views as inbox
from sociable.publishing import media_links
from sociable.publishing import views as publishing
from sociable.security import sign_in_views as sign_in

urlpatterns = [
    path("", accounts.home, name="home"),
    path("healthz", core.health, name="health"),
    path("readyz", core.ready, name="ready"),
    path("metrics", core.metrics, name="metrics"),
    path("login/", sign_in.login, name="login"),
    path("logout/", sign_in.logout, name="logout"),
    path("password-reset/", sign_in.password_reset, name="password_reset"),
    path("password-reset/sent/", sign_in.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        sign_in.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        sign_in.password_reset_complete,
        name="password_reset_complete",
    ),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/bulk/", inbox.bulk, name="inbox_bulk"),
    path("inbox/list/", inbox.inbox_list, name="inbox_list"),
    path("inbox/<id:pk>/", inbox.conversation, name="conversation"),
    path("inbox/<id:pk>/reply/", inbox.reply, name="conversation_reply"),
    path("inbox/<id:pk>/assign/", inbox.assign, name="conversation_assign"),
    path("inbox/<id:pk>/status/", inbox.status, name="conversation_status"),
    path("inbox/<id:pk>/note/", inbox.note, name="conversation_note"),
    path("inbox/<id:pk>/tags/", inbox.tags, name="conversation_tags"),
    path("inbox/<id:pk>/live/", inbox.conversation_live, name="conversation_live"),
    path("inbox/<id:pk>/replying/", inbox.replying, name="conversation_replying"),
    path("inbox/messages/<id:message_id>/route/", inbox.route, name="message_route"),
    path("inbox/messages/<id:message_id>/moderate/", inbox.moderate, name="message_moderate"),
    *[
        path(
            f"inbox/messages/<id:message_id>/{decision}/",
            inbox.reply_decision,
            {"decision": decision},
            name=f"reply_{decision}",
        )
        for decision in ("approve", "reject", "retry")
    ],
    path("inbox/messages/<id:message_id>/delete/", inbox.delete_reply, name="reply_delete"),
    path("inbox/alerts/<id:alert_id>/acknowledge/", inbox.acknowledge, name="alert_acknowledge"),
    path("inbox/corrections.csv", inbox.corrections_csv, name="route_corrections_csv"),
    path("contacts/<id:pk>/", inbox.contact, name="contact"),
    path("kudos/", inbox.kudos_page, name="kudos"),
    path("kudos.csv", inbox.kudos_csv, name="kudos_csv"),
    path("publish/", publishing.publish, name="publish"),
    # Signed, expiring links the networks that fetch media by address (Threads) download from.
    path("media-links/<str:token>/<str:name>", media_links.serve, name="public_media"),
    path("publish/new/", publishing.compose, name="compose"),
    path("publish/preview/", publishing.compose_preview, name="compose_preview"),
    path("publish/pause/", publishing.publishing_pause, name="publishing_pause"),
    path("publish/<id:pk>/", publishing.post_detail, name="post_detail"),
    path("publish/<id:pk>/edit/", publishing.compose, name="compose_edit"),
    path("publish/<id:pk>/action/", publishing.post_action, name="post_action"),
    path("publish/targets/<id:target_id>/", publishing.target_action, name="target_action"),
    path("calendar/", publishing.calendar_page, name="calendar"),
    path("calendar/move/", publishing.calendar_move, name="calendar_move"),
    path("calendar/awareness-days/", publishing.awareness_days, name="awareness_days"),
    path("calendar/awareness-days/new/", publishing.awareness_day_action, name="awareness_day_new"),
    path(
        "calendar/awareness-days/<id:pk>/",
        publishing.awareness_day_action,
        name="awareness_day_action",
    ),
    path("calendar/feeds/", publishing.content_sources, name="content_sources"),
    path("settings/", accounts.settings_page, name="settings"),
    path(
        "settings/organisation/", settings_views.organisation_settings, name="organisation_settings"
    ),
    path("settings/saved-replies/", settings_views.saved_reply_list, name="saved_replies"),
    path("settings/saved-replies/new/", settings_views.saved_reply_edit, name="saved_reply_new"),
    path(
        "settings/saved-replies/<id:pk>/", settings_views.saved_reply_edit, name="saved_reply_edit"
    ),
    path("settings/accounts/", include("sociable.channels.urls")),
    path("listening/", include("sociable.listening.urls")),
    path("reports/", include("sociable.reports.urls")),
    path("", include("sociable.strategy.urls")),
    path("api/", include("sociable.api.urls")),
    path("security/two-factor/", include("sociable.security.urls")),
    path("", include("sociable.privacy.urls")),
    path("", include("sociable.accounts.people_urls")),
    path("admin/login/", sign_in.admin_login, name="admin_login"),  # throttled like /login/
    path("admin/", admin.site.urls),
]

handler404 = core.not_found
handler400 = core.bad_request
