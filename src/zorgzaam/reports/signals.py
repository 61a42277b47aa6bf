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

``visit_changed(sender=WorkVisit, visit_public_id, invitations, version, changed, kind, title,
date, start_time, hub_name, villages, before)``: the date, start time or place of a visit still
to come changed (``visits.visit_update``); every invitee should hear of it. ``invitations``
as above (all current invitations); ``version`` an integer that differs per change (with the
invitation id the idempotency key of one message); ``changed`` the names of what changed, a
subset of ("date", "start_time", "place") in that order; ``kind`` … ``villages`` the visit as
it is now; ``before`` a dict of ``date``, ``start_time``, ``hub_name`` and ``villages`` as
they were. Never sent for a visit already held.
"""

from django.dispatch import Signal

visit_invitation_sent = Signal()
visit_changed = Signal()
