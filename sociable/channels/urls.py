"""Settings → Accounts (included under settings/accounts/). The callback addresses are the
redirect URIs each developer app is given: {SITE_URL}/settings/accounts/<network>/callback/."""

from django.urls import path

from sociable.channels import views
from sociable.channels.connect import CHOOSE_NETWORKS, OAUTH_NETWORKS

urlpatterns = [
    path("", views.accounts, name="accounts"),
    path("apps/", views.developer_apps, name="accounts_apps"),
    *[
        path(f"{network}/", views.connect, {"network": network}, name=f"connect_{network}")
        for network in (
            "mastodon",
            "bluesky",
            "x",
            "facebook",
            "instagram",
            "threads",
            "youtube",
            "google_business",
            "linkedin",
        )
    ],
    path("x/keys/", views.connect, {"network": "x_keys"}, name="connect_x_keys"),
    *[
        path(
            f"{network}/callback/",
            views.callback,
            {"network": network},
            name=f"connect_{network}_callback",
        )
        for network in OAUTH_NETWORKS
    ],
    *[
        path(
            f"{network}/pages/",
            views.choose,
            {"network": network},
            name=f"connect_{network}_choose",
        )
        for network in CHOOSE_NETWORKS
    ],
    path("<id:pk>/reconnect/", views.reconnect, name="account_reconnect"),
    path("<id:pk>/disconnect/", views.disconnect, name="account_disconnect"),
]
