"""Settings → Accounts: connect, reconnect and disconnect accounts; developer apps. Admins only."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from sociable.accounts.access import Capability, get_visible_or_404, requires
from sociable.channels import connect as connecting
from sociable.channels.connect import ConnectError
from sociable.channels.forms import (
    BlueskyForm,
    CallbackForm,
    ChooseAccountsForm,
    DeveloperAppForm,
    MastodonForm,
    TeamForm,
    XKeysForm,
)
from sociable.channels.models import Channel, ChannelStatus, DeveloperApp
from sociable.networks.base import NetworkError
from sociable.networks.registry import adapter_class

FORMS = {
    "mastodon": MastodonForm,
    "bluesky": BlueskyForm,
    "x": TeamForm,
    "facebook": TeamForm,
    "instagram": TeamForm,
    "threads": TeamForm,
    "youtube": TeamForm,
    "google_business": TeamForm,
    "linkedin": TeamForm,
    "x_keys": XKeysForm,
}
LABELS = {
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "x": "X",
    "facebook": "Facebook Pages",
    "instagram": "Instagram",
    "threads": "Threads",
    "youtube": "YouTube",
    "google_business": "Google Business Profile",
    "linkedin": "LinkedIn pages",
}
# Sections of docs/networks.md on creating each developer app.
DOC_ANCHORS = {
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "x": "x",
    "facebook": "facebook-pages",
    "instagram": "instagram",
    "threads": "threads",
    "youtube": "youtube",
    "google_business": "google-business-profile",
    "linkedin": "linkedin-pages",
}


def _channels(request):
    return Channel.objects.filter(organisation=request.membership.organisation)


def _docs(network: str) -> str:
    return f"{settings.DOCS_URL}/networks.md#{DOC_ANCHORS[network]}" if settings.DOCS_URL else ""


def _notices(channel, today) -> list[str]:
    try:
        return list(adapter_class(channel.network).notices(dict(channel.options or {}), today))
    except NetworkError:
        return []


@requires(Capability.MANAGE_ACCOUNTS)
def accounts(request):
    organisation = request.membership.organisation
    today = timezone.localdate()
    channels = list(_channels(request).select_related("team"))
    rows = [
        {
            "channel": c,
            "notices": _notices(c, today),
            "needs_reconnect": c.status != ChannelStatus.CONNECTED,
        }
        for c in channels
    ]
    apps = connecting.app_settings(organisation)
    networks = [
        {
            "network": network,
            "label": label,
            "docs": _docs(network),
            "url": reverse(f"connect_{network}"),
            "app": apps.get(_login(network)),
            "needs_app": _login(network) in connecting.APP_NETWORKS,
        }
        for network, label in LABELS.items()
    ]
    return render(request, "settings/accounts.html", {"rows": rows, "networks": networks})


def _login(network: str) -> str:
    """The network whose sign-in and developer app a network uses (Instagram: Facebook's)."""
    return connecting.SAME_LOGIN.get(network, network)


def _start(request, network: str, channel=None):
    """The connect (or reconnect) form of a network: a sign-in button, or the Bluesky and X keys
    forms that are checked with the network before anything is saved."""
    organisation = request.membership.organisation
    form = FORMS[network](_posted(request), organisation=organisation, channel=channel)
    if request.method == "POST" and form.is_valid():
        try:
            if network == "bluesky":
                saved = connecting.connect_bluesky(
                    request,
                    identifier=form.cleaned_data["handle"],
                    app_password=form.cleaned_data["app_password"],
                    service=form.cleaned_data["service"],
                    team=form.chosen_team(),
                    channel=channel,
                )
                return _done(request, [saved])
            if network == "x_keys":
                return _done(
                    request,
                    [
                        connecting.connect_x_keys(
                            request, form.keys(), team=form.chosen_team(), channel=channel
                        )
                    ],
                )
            return redirect(
                connecting.begin(
                    request,
                    network,
                    team=form.chosen_team(),
                    channel=channel,
                    instance=form.chosen_instance() if network == "mastodon" else "",
                )
            )
        except ConnectError as error:
            form.add_error(None, str(error))
    base = "x" if network == "x_keys" else network
    app = (
        connecting.developer_app(organisation, _login(base))
        if _login(base) in connecting.APP_NETWORKS
        else None
    )
    response = render(
        request,
        "settings/account_connect.html",
        {
            "form": form,
            "network": network,
            "label": LABELS[base],
            "channel": channel,
            "docs": _docs(base),
            "app": app,
            "needs_app": _login(base) in connecting.APP_NETWORKS,
            "app_label": {"facebook": "Facebook", "youtube": "Google"}.get(
                _login(base), LABELS[base]
            ),
        },
    )
    response.headers["Content-Security-Policy"] = _policy_sending_to(network, channel)
    return response


def _policy_sending_to(network: str, channel) -> str:
    """The page's Content-Security-Policy, with the network's sign-in page allowed as where its
    form may lead (browsers apply form-action to the redirect that follows the POST)."""
    from urllib.parse import urlsplit

    from sociable.networks.http import _allowed_private_hosts
    from sociable.security.headers import content_security_policy

    targets: list[str] = []
    if network == "mastodon":
        if channel is not None and channel.options.get("instance"):
            targets = [str(channel.options["instance"]).rstrip("/")]
        else:  # any server the person types; local ones only where the operator allows them
            targets = [
                "https:",
                *(f"http://{host}:*" for host in sorted(_allowed_private_hosts()) if host != "*"),
            ]
    elif _login(network) in connecting.APP_NETWORKS:
        web = connecting.endpoints(network).get("web", "")
        parts = urlsplit(web)
        if parts.scheme and parts.netloc:
            targets = [f"{parts.scheme}://{parts.netloc}"]
    policy = dict(settings.CSP)
    policy["form-action"] = [*policy.get("form-action", ["'self'"]), *targets]
    return content_security_policy(policy)


def _done(request, saved):
    names = ", ".join(str(c) for c in saved)
    messages.success(request, f"Connected: {names}." if saved else "Nothing was connected.")
    return redirect("accounts")


@requires(Capability.MANAGE_ACCOUNTS)
def connect(request, network: str):
    return _start(request, network)


@requires(Capability.MANAGE_ACCOUNTS)
def callback(request, network: str):
    form = CallbackForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        saved = connecting.finish(
            request,
            network,
            state=data.get("state", ""),
            code=data.get("code", ""),
            error=data.get("error", "") if data else "invalid_response",
            error_description=data.get("error_description", ""),
        )
    except ConnectError as error:
        messages.error(request, str(error))
        return redirect("accounts")
    if saved is None:
        return redirect(f"connect_{network}_choose")
    return _done(request, saved)


@requires(Capability.MANAGE_ACCOUNTS)
def choose(request, network: str):
    pending = connecting.pending_choices(request, network)
    if not pending:
        messages.error(request, "There is no list of accounts to choose from: start again.")
        return redirect("accounts")
    what = {
        "facebook": "Pages to connect",
        "instagram": "Instagram accounts to connect",
        "google_business": "Locations to connect",
    }.get(network, "LinkedIn pages to connect")
    form = ChooseAccountsForm(
        _posted(request), label=what, choices=[(a.key, a.display_name) for a in pending]
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = connecting.connect_chosen(request, network, form.cleaned_data["accounts"])
        except ConnectError as error:
            messages.error(request, str(error))
            return redirect("accounts")
        return _done(request, saved)
    return render(
        request,
        "settings/account_choose.html",
        {"form": form, "network": network, "label": LABELS[network]},
    )


@requires(Capability.MANAGE_ACCOUNTS)
def reconnect(request, pk: int):
    channel = get_visible_or_404(_channels(request), pk=pk)
    network = channel.network
    if network == "x" and channel.options.get("auth") == "oauth1":
        network = "x_keys"
    if network not in FORMS:
        raise Http404("This account cannot be reconnected here.")
    return _start(request, network, channel)


@requires(Capability.MANAGE_ACCOUNTS)
def disconnect(request, pk: int):
    channel = get_visible_or_404(_channels(request), pk=pk)
    if request.method == "POST":
        connecting.disconnect(channel, request.user)
        messages.success(
            request,
            f"Disconnected {channel}. Its messages and posts are kept; reconnect it at any time.",
        )
        return redirect("accounts")
    return render(request, "settings/account_disconnect.html", {"channel": channel})


@requires(Capability.MANAGE_ACCOUNTS)
def developer_apps(request):
    organisation = request.membership.organisation
    stored = {app.network: app for app in DeveloperApp.objects.filter(organisation=organisation)}
    apps = connecting.app_settings(organisation)
    posted = (
        request.POST.get("network") or request.POST.get("remove")
        if request.method == "POST"
        else None
    )
    forms = []
    for network in connecting.APP_NETWORKS:
        app = stored.get(network)
        initial = {
            "network": network,
            "client_id": app.client_id if app else "",
            "config_id": (app.extra or {}).get("config_id", "") if app else "",
        }
        bound = request.POST if posted == network else None
        forms.append(
            {
                "network": network,
                "label": LABELS[network],
                "setting": apps[network],
                "redirect_uri": connecting.redirect_uri(network),
                "docs": _docs(network),
                "form": DeveloperAppForm(
                    bound,
                    initial=initial,
                    prefix=network,
                    has_secret=bool(app and app.secret_encrypted),
                ),
            }
        )
    if request.method == "POST":
        for item in forms:
            network, form = item["network"], item["form"]
            if network != posted:
                continue
            if request.POST.get("remove"):
                connecting.remove_developer_app(organisation, request.user, network)
                messages.success(request, f"Removed your {LABELS[network]} app settings.")
                return redirect("accounts_apps")
            if form.is_valid():
                connecting.save_developer_app(
                    organisation,
                    request.user,
                    network,
                    form.cleaned_data["client_id"],
                    form.cleaned_data.get("client_secret", ""),
                    {"config_id": form.cleaned_data.get("config_id", "")},
                )
                messages.success(request, f"Saved your {LABELS[network]} app.")
                return redirect("accounts_apps")
    return render(request, "settings/developer_apps.html", {"forms": forms})


def _posted(request):
    """The submitted data, also when nothing was ticked (an empty POST still binds the form)."""
    return request.POST if request.method == "POST" else None
