"""Background work: de-identification runs here (task worker), never in a web request."""

from __future__ import annotations

from django_tasks import task


@task()
def deidentify_story(story_public_id: str) -> str:
    from .models import Story
    from .services import story_deidentify

    story = Story.objects.filter(public_id=story_public_id).first()
    if story is None:
        return "missing"
    return story_deidentify(story=story).status


@task()
def deidentify_selection(selection_id: int) -> str:
    from .models import Selection
    from .services import selection_deidentify

    selection = Selection.objects.filter(pk=selection_id).first()
    if selection is None:
        return "missing"
    selection_deidentify(selection=selection)
    return "checked"
