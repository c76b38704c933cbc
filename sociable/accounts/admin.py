from django.contrib import admin

from sociable.accounts.models import Membership, Organisation, Team


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "contributors_may_reply"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "is_comms"]
    list_filter = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "deactivated_at"]
    list_filter = ["organisation", "role"]
    filter_horizontal = ["teams"]
