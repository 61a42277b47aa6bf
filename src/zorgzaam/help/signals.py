"""Keep the cached volunteer pools in step with deletions (changes are picked up by the
incremental refresh through ``updated_at``)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import VolunteerProfile
from .pool import pool_remove


@receiver(post_delete, sender=VolunteerProfile)
def _profile_deleted(sender, instance, **kwargs):
    municipality, public_id = instance.municipality, instance.public_id
    transaction.on_commit(lambda: pool_remove(municipality, public_id))
