"""What each role can do: mission parts register the tasks shown on the role's home page."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from zorgzaam.accounts.permissions import actor_can


@dataclass(frozen=True)
class Task:
    capability: str
    url_name: str
    title: object
    description: object
    order: int = 100


TASKS: list[Task] = []


def register(task: Task) -> None:
    if task not in TASKS:
        TASKS.append(task)


def tasks_for(user) -> list[dict]:
    result = []
    for task in sorted(TASKS, key=lambda t: (t.order, str(t.title))):
        if not actor_can(user, task.capability):
            continue
        try:
            url = reverse(task.url_name)
        except NoReverseMatch:
            continue
        result.append({"title": task.title, "description": task.description, "url": url})
    return result
