"""Which adapter speaks to which network."""

from sociable.networks.base import Credentials, Network, NetworkError

_ADAPTERS: dict[str, type[Network]] = {}


def register(cls: type[Network]) -> type[Network]:
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no network name")
    _ADAPTERS[cls.name] = cls
    return cls


def adapter_class(network: str) -> type[Network]:
    if network not in _ADAPTERS:
        _load_builtin(network)
    try:
        return _ADAPTERS[network]
    except KeyError:
        raise NetworkError(f"No adapter for the network {network!r}.", permanent=True) from None


def adapter_for(network: str, credentials: dict, options: dict | None = None) -> Network:
    return adapter_class(network)(Credentials(dict(credentials)), options)


def available() -> dict[str, type[Network]]:
    _load_builtin()
    return dict(sorted(_ADAPTERS.items()))


BUILTIN = (
    "demo",
    "mastodon",
    "x",
    "bluesky",
    "facebook",
    "linkedin",
    "rss",
    "careopinion",
    "instagram",
    "threads",
    "youtube",
    "google_business",
)


def _load_builtin(only: str | None = None) -> None:
    """Import the built-in adapters (each module registers its own), or only the one named: a
    process that publishes to Mastodon need not spend seconds importing Bluesky's client."""
    import importlib

    for module in BUILTIN if only not in BUILTIN else (only,):
        importlib.import_module(f"sociable.networks.{module}")
