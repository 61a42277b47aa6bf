"""The default domains of change are written when they are needed, never when they are read:
when a municipality is created, and after ``migrate`` for municipalities that existed before
the stories part was switched on. Connected in ``StoriesConfig.ready``."""

from __future__ import annotations


def municipality_created(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        from .services import domains_ensure_defaults

        domains_ensure_defaults(instance)


def defaults_after_migrate(sender, using="default", **kwargs) -> None:
    from zorgzaam.tenancy.models import Municipality

    from .models import Domain
    from .services import domains_ensure_defaults

    without = Municipality.objects.using(using).exclude(
        pk__in=Domain.objects.using(using).values("municipality_id")
    )
    for municipality in without:
        domains_ensure_defaults(municipality)
