"""The REST API's views: each authorises (by scope and role), validates, calls one service."""
