from django.contrib import admin

from sociable.inbox.models import QuarantinedItem


@admin.register(QuarantinedItem)
class QuarantinedItemAdmin(admin.ModelAdmin):
    """Items a network sent that could not be stored: read them, then delete them."""

    list_display = ["received_at", "organisation", "channel", "network", "network_id", "reason"]
    list_filter = ["organisation", "network"]
    search_fields = ["network_id", "reason"]
    fields = [
        "received_at",
        "organisation",
        "channel",
        "source",
        "network",
        "network_id",
        "reason",
        "item",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
