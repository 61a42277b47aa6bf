"""Signals other parts may answer (declared module: see the import contracts in
pyproject.toml). Sent after the transaction that made the change has committed.

``visit_invitation_sent(sender=WorkVisit, visit_public_id, invitations, kind, title, date,
start_time, hub_name, villages)``: people were newly invited to a work visit or hearing of the
council (``visits.visit_invite``) and should hear of it on their own channel, not only on
their home page. ``invitations`` is a list of ``(invitation id, user id)`` pairs (the
invitation id is an idempotency key: an invitation withdrawn and made again is a new one);
``kind`` is ``WorkVisit.Kind`` ("work_visit" or "hearing"); ``date`` a ``datetime.date``,
``start_time`` a ``datetime.time`` or None; ``hub_name`` the community hub's name or "";
``villages`` the names of the villages visited. The payload holds nothing of residents: only
what the visit is, when and where.
"""

from django.dispatch import Signal

visit_invitation_sent = Signal()
