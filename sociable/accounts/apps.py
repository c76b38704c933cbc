from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sociable.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"
