"""Strategy and public pages (included at the site root)."""

from django.urls import path

from sociable.strategy import views

urlpatterns = [
    path("strategy/", views.strategy_page, name="strategy"),
    path("strategy/dashboard/", views.strategy_dashboard, name="strategy_dashboard"),
    path("strategy/edit/", views.strategy_edit, name="strategy_edit"),
    path("strategy/objectives/new/", views.objective_edit, name="objective_new"),
    path("strategy/objectives/<id:pk>/", views.objective_edit, name="objective_edit"),
    path("strategy/objectives/<id:pk>/delete/", views.objective_delete, name="objective_delete"),
    path("strategy/audiences/new/", views.audience_edit, name="audience_new"),
    path("strategy/audiences/<id:pk>/", views.audience_edit, name="audience_edit"),
    path("strategy/audiences/<id:pk>/delete/", views.audience_delete, name="audience_delete"),
    path(
        "public/<slug:org_slug>/how-we-use-social-media/",
        views.how_we_use_social_media,
        name="public_how_we_use",
    ),
    path("public/<slug:org_slug>/find-us-online/", views.find_us_online, name="public_find_us"),
]
