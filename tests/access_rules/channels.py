"""Settings → Accounts: connecting, reconnecting and disconnecting accounts, and the developer
apps, are for admins only (the outsider is an admin of their own organisation)."""

from tests.access_rules import desk

ADMINS = {"admin", "outsider"}


def _mastodon_channel(cast):
    from sociable.channels.models import Channel

    channel, _ = Channel.objects.get_or_create(
        organisation=cast.organisation,
        network="mastodon",
        handle="@northshire@example.social",
        defaults={"team": cast.comms, "options": {"instance": "https://example.social"}},
    )
    return channel.pk


EXPECTED = {
    "accounts": desk(ADMINS),
    "accounts_apps": desk(ADMINS),
    **{
        f"connect_{network}": desk(ADMINS)
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
            "x_keys",
        )
    },
    # Coming back from a network without a flow started here: told so on the accounts page.
    **{
        f"connect_{network}_callback": desk(set(), admin=302, outsider=302)
        for network in (
            "mastodon",
            "x",
            "facebook",
            "instagram",
            "threads",
            "youtube",
            "google_business",
            "linkedin",
        )
    },
    # Nothing to choose from yet: back to the accounts page.
    **{
        f"connect_{network}_choose": desk(set(), admin=302, outsider=302)
        for network in ("facebook", "instagram", "google_business", "linkedin")
    },
    # Another organisation's account does not exist for its admin.
    "account_reconnect": desk({"admin"}, outsider=404),
    "account_disconnect": desk({"admin"}, outsider=404),
}
FILLS = {
    "account_reconnect": _mastodon_channel,
    "account_disconnect": lambda cast: cast.channel.pk,
}
