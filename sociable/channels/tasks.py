from django_tasks import task

from sociable.channels import polling, tokens
from sociable.channels.models import Channel


@task()
def poll_channel(channel_id: int) -> int:
    channel = Channel.objects.select_related("organisation").filter(id=channel_id).first()
    if channel is None:
        return 0
    return polling.poll(channel)


@task()
def refresh_channel_token(channel_id: int) -> str:
    return tokens.refresh(channel_id)
