from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "sociable.channels"
    label = "channels"
    verbose_name = "Connected accounts"
