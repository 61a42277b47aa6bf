"""``{{ "casework"|part_enabled }}``: whether a mission part is installed, so a template of
one part can include a piece of another only when that part is there."""

from django import template
from django.apps import apps

register = template.Library()


@register.filter
def part_enabled(part: str) -> bool:
    return apps.is_installed(f"zorgzaam.{part}")
