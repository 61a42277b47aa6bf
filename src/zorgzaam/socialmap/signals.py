"""Signals other parts may answer (declared module: see the import contracts in
pyproject.toml). Sent after the transaction that made the change has committed.

``activity_changed(sender=Activity, activity_id, user_ids, change, title, hub_public_id,
hub_name, version)``: people signed up for sessions still to come must be told; ``change`` is
"cancelled" (the activity is off), "changed" (what or how long changed) or "promoted" (they
moved from the waiting list to a place); ``version`` (the activity's updated_at) tells one
change from the next (an idempotency key for the messages).
"""

from django.dispatch import Signal

activity_changed = Signal()
