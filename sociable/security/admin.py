from django.contrib import admin

from sociable.security.models import RecoveryCode, SecondFactor


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Rows can be looked at and deleted, never added or edited in the admin."""

    search_fields = ["user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SecondFactor)
class SecondFactorAdmin(_ReadOnlyAdmin):
    """Operators reset a member who lost their phone and codes by deleting their row."""

    list_display = ["user", "confirmed_at", "created_at"]
    fields = list_display
    readonly_fields = fields


@admin.register(RecoveryCode)
class RecoveryCodeAdmin(_ReadOnlyAdmin):
    list_display = ["user", "used_at", "created_at"]
    fields = list_display
    readonly_fields = fields
