"""Signals other parts may answer (declared module: see the import contracts in
pyproject.toml). Sent after the transaction that made the change has committed.

``activity_changed(sender=Activity, activity_id, user_ids, change)``: people signed up for
sessions still to come must be told; ``change`` is "cancelled" (the activity is off),
"changed" (what or how long changed) or "promoted" (they moved from the waiting list to a
place).
"""

from django.dispatch import Signal

activity_changed = Signal()
