from django_tasks import task

from sociable.listening import running
from sociable.listening.models import SearchSource


@task()
def run_search_source(source_id: int) -> int:
    source = (
        SearchSource.objects.select_related("search__organisation", "channel")
        .filter(id=source_id)
        .first()
    )
    if source is None:
        return 0
    return len(running.run_source(source))
