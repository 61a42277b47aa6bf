"""``{% push_controls %}``: the "install the app" and push on/off controls of a page."""

from django import template
from django.urls import reverse

from zorgzaam.push.services import public_key

register = template.Library()


@register.inclusion_tag("push/_controls.html", takes_context=True)
def push_controls(context) -> dict:
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "key": public_key(),
        "subscribe_url": reverse("push:subscribe"),
        "unsubscribe_url": reverse("push:unsubscribe"),
    }
