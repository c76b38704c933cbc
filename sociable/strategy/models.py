"""Strategy and public pages."""
