"""``{% hub_presence hub as slots %}``: the werkbrigade's weekly presence at a community hub,
for its public page (first names only)."""

from django import template

from ..presence import presence_at_hub

register = template.Library()


@register.simple_tag
def hub_presence(hub):
    return presence_at_hub(hub)
