from django.conf import settings


def shell(request):
    """Bridges django-csp's nonce to django-htmx's script tag, and common shell values."""
    nonce = getattr(request, "csp_nonce", "")
    return {
        "csp_nonce": nonce,
        "map_tile_url": settings.MAP_TILE_URL,
    }
