"""The demo organisation's saved searches (run on the demo network's public posts)."""

from sociable.channels.models import Channel
from sociable.listening.models import SavedSearch, SearchKind
from sociable.listening.searches import sync_sources

DEMO_SEARCHES = [
    {
        "name": "Northshire mentions",
        "kind": SearchKind.TOPIC,
        "keywords": "Northshire",
        "exclusions": "Northshire FC",
    },
    {
        "name": "Campaigns: #HelloMyNameIs and #NursesDay",
        "kind": SearchKind.CAMPAIGN,
        "hashtags": "#HelloMyNameIs\n#NursesDay",
    },
    {"name": "Norovirus and sickness bugs", "kind": SearchKind.SYMPTOMS},
]


def ensure_demo_searches(organisation) -> list[SavedSearch]:
    """Create the demo searches once, on the first demo account; keep any changes made since."""
    channel = (
        Channel.objects.filter(organisation=organisation, network="demo").order_by("pk").first()
    )
    made = []
    for spec in DEMO_SEARCHES:
        search, created = SavedSearch.objects.get_or_create(
            organisation=organisation,
            name=spec["name"],
            defaults={**{k: v for k, v in spec.items() if k != "name"}, "run_interval_seconds": 60},
        )
        if created and channel is not None:
            search.channels.add(channel)
            sync_sources(search)
        made.append(search)
    return made
