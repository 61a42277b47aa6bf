"""Background tasks of neighbour help (django-tasks; database backend in dev and prod)."""

from django_tasks import task

from .notifications import deliver


@task()
def notification_deliver(note_id: int) -> str:
    return deliver(note_id)
