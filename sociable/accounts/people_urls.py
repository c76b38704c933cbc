"""Settings → People, and the invitation link. (Settings → People for members of the public,
subject access and erasure, is sociable/privacy's, under settings/people/.)"""

from django.urls import path

from sociable.accounts import people_views as views

urlpatterns = [
    path("settings/colleagues/", views.people_list, name="people"),
    path("settings/colleagues/invite/", views.invite, name="people_invite"),
    path("settings/colleagues/<id:pk>/", views.member, name="people_member"),
    path("settings/colleagues/<id:pk>/deactivate/", views.deactivate, name="people_deactivate"),
    path("settings/colleagues/<id:pk>/reactivate/", views.reactivate, name="people_reactivate"),
    path(
        "settings/colleagues/invitations/<id:pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "settings/colleagues/invitations/<id:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("join/<str:token>/", views.accept, name="invitation_accept"),
]
