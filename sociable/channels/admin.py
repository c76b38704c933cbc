from django.contrib import admin

from sociable.channels.models import Channel


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "team", "network", "status", "last_polled_at"]
    list_filter = ["organisation", "network", "status"]
    exclude = ["credentials_encrypted", "cursor"]
