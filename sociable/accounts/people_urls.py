"""Settings → People, and the invitation link. (Settings → People for members of the public,
subject access and erasure, is sociable/privacy's, under settings/people/.)"""

from django.urls import path

from sociable.accounts import people_views as views

urlpatterns = [
    path("settings/colleagues/", views.people_list, name="people"),
    path("settings/colleagues/invite/", views.invite, name="people_invite"),
    path("settings/colleagues/<int:pk>/", views.member, name="people_member"),
    path("settings/colleagues/<int:pk>/deactivate/", views.deactivate,
         name="people_deactivate"),
    path("settings/colleagues/<int:pk>/reactivate/", views.reactivate,
         name="people_reactivate"),
    path("settings/colleagues/invitations/<int:pk>/resend/", views.invitation_resend,
         name="invitation_resend"),
    path("settings/colleagues/invitations/<int:pk>/revoke/", views.invitation_revoke,
         name="invitation_revoke"),
    path("join/<str:token>/", views.accept, name="invitation_accept"),
]
