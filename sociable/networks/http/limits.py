"""The limits every outbound request keeps (the adapters' options may lower or raise them)."""

DEFAULT_TIMEOUT = 15.0  # for any one step (connecting, one read)
DEFAULT_DEADLINE = 30.0  # for the whole request, however the server paces its answer
MAX_BODY_BYTES = 10 * 1024 * 1024  # a feed or an API answer is far smaller
DEFAULT_RETRIES = 2
MAX_REDIRECTS = 5
USER_AGENT = "Sociable (self-hosted social media desk)"
