"""Real servers the tests start on 127.0.0.1: the reference Bluesky PDS and AppView
(`bluesky/`, from npm) and mastodon-mock (from PyPI). Fixtures in `fixtures.py`."""
