from django import template

from .. import config

register = template.Library()


@register.inclusion_tag("identity/login_buttons.html")
def identity_login_buttons(next_url: str = ""):
    """The "Inloggen met ..." buttons of the configured providers, for the login page."""
    return {
        "staff": config.providers("staff"),
        "residents": config.providers("digid") + config.providers("eherkenning"),
        "next": next_url,
    }
