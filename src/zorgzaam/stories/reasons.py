"""Why the de-identifier replaced a passage, in words a reviewer understands: per source
(``deduce``, ``known`` or ``rule:<name>``) of ``stories.deid``'s annotations."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REASONS = {
    "known": _("a person, address or contact detail of the story's record"),
    "deduce": _("deduce, the Dutch de-identifier (its lists of names, places and institutions)"),
    "rule:phone": _("rule: a phone number"),
    "rule:email": _("rule: an e-mail address"),
    "rule:url": _("rule: a web address"),
    "rule:iban": _("rule: a bank account number (IBAN)"),
    "rule:bsn": _("rule: a citizen service number (BSN)"),
    "rule:kenteken": _("rule: a licence plate"),
    "rule:postcode": _("rule: a postcode"),
    "rule:street": _("rule: a street name (ends in -straat, -weg, -laan …)"),
    "rule:street_context": _("rule: an address (after 'woont aan', 'op de' …)"),
    "rule:huisnummer": _("rule: a house number"),
    "rule:date": _("rule: a date"),
    "rule:age": _("rule: an age"),
    "rule:title_name": _("rule: a name after a title (mevrouw, meneer, dr. …)"),
    "rule:particle_name": _("rule: a name with van, de, el …"),
    "rule:signature": _("rule: a name signing the story"),
    "rule:proper_name": _("rule: a capitalised word in a sentence, read as a name"),
    "rule:institution": _("rule: an institution (school, care home, hospital …)"),
    "rule:name_propagation": _("rule: a name found elsewhere in the story"),
}


def reason_for(source: str) -> str:
    """The reviewer's explanation of ``source``; an unknown rule is shown by its name."""
    reason = REASONS.get(source)
    if reason is not None:
        return str(reason)
    return str(_("rule: %(name)s") % {"name": source.removeprefix("rule:")})
