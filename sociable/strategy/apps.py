from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "sociable.strategy"
    label = "strategy"
    verbose_name = "Strategy and public pages"
