"""Vocabularies of neighbour help: the skill taxonomy, languages, day parts and choices."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .matching import LANGUAGE_LABELS, Vocabulary


class Skill(models.TextChoices):
    ODD_JOBS = "odd_jobs", _("odd jobs")
    SHOPPING = "shopping", _("shopping")
    TRANSPORT = "transport", _("transport")
    COMPANY = "company", _("company and visits")
    PAPERWORK = "paperwork", _("paperwork and money")
    DIGITAL = "digital", _("digital help")
    LANGUAGE_BUDDY = "language_buddy", _("language buddy")
    GARDEN = "garden", _("garden")
    DEMENTIA_BUDDY = "dementia_buddy", _("dementia buddy")
    WORK_BUDDY = "work_buddy", _("work buddy")
    CHILDCARE = "childcare", _("childcare support")


#: Dutch and English labels used by the engine's reasons (stored with each proposal).
SKILL_LABELS = {
    "odd_jobs": {"nl": "klusjes", "en": "odd jobs"},
    "shopping": {"nl": "boodschappen", "en": "shopping"},
    "transport": {"nl": "vervoer", "en": "transport"},
    "company": {"nl": "gezelschap en bezoek", "en": "company and visits"},
    "paperwork": {"nl": "papieren en geldzaken", "en": "paperwork and money"},
    "digital": {"nl": "digitale hulp", "en": "digital help"},
    "language_buddy": {"nl": "taalmaatje", "en": "language buddy"},
    "garden": {"nl": "tuin", "en": "garden"},
    "dementia_buddy": {"nl": "maatje bij dementie", "en": "dementia buddy"},
    "work_buddy": {"nl": "werkmaatje", "en": "work buddy"},
    "childcare": {"nl": "hulp bij kinderopvang", "en": "childcare support"},
}

#: Skills for which a certificate of conduct (VOG) is always required.
VOG_SKILLS = frozenset({"dementia_buddy", "childcare"})

#: Languages a volunteer or resident can name (ISO 639 codes, engine labels).
LANGUAGE_CODES = tuple(LANGUAGE_LABELS)
LANGUAGE_CHOICES = [(code, LANGUAGE_LABELS[code]["nl"]) for code in LANGUAGE_CODES]

SKILLS_VOCABULARY = Vocabulary.skills(Skill.values, labels=SKILL_LABELS)
LANGUAGES_VOCABULARY = Vocabulary.languages(LANGUAGE_CODES)

DAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)
PARTS = (_("morning"), _("afternoon"), _("evening"))
#: (start hour, end hour) of each day part in local time; evening runs until midnight
PART_HOURS = ((6, 12), (12, 18), (18, 24))


class Urgency(models.TextChoices):
    LOW = "low", _("no hurry")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("soon")
    URGENT = "urgent", _("urgent (within a day)")


class RequestKind(models.TextChoices):
    ONE_OFF = "one_off", _("one-off help")
    BUDDY = "buddy", _("lasting buddy")


class SubmittedVia(models.TextChoices):
    SELF = "self", _("by the resident")
    PUBLIC_FORM = "public_form", _("public form without an account")
    PHONE = "phone", _("by phone via a coordinator")
    PROFESSIONAL = "professional", _("by a professional on their behalf")
    NEIGHBOUR = "neighbour", _("by a neighbour on their behalf")


#: ways of asking on behalf of someone else: these need recorded consent
ON_BEHALF = frozenset({SubmittedVia.PROFESSIONAL, SubmittedVia.NEIGHBOUR})


class DeclineReason(models.TextChoices):
    TOO_FAR = "too_far", _("too far away")
    SKILL = "skill", _("not this kind of help")
    NO_TIME = "no_time", _("no time")
    OTHER = "other", _("another reason")


class VogStatus(models.TextChoices):
    NONE = "none", _("none")
    REQUESTED = "requested", _("requested")
    VALID = "valid", _("valid")


class WorkBuddyRole(models.TextChoices):
    NONE = "", _("not a work buddy")
    EMPLOYER = "employer", _("local employer")
    EMPLOYEE = "employee", _("employee of a local employer")


class Rhythm(models.TextChoices):
    WEEKLY = "weekly", _("weekly")
    FORTNIGHTLY = "fortnightly", _("every two weeks")
    MONTHLY = "monthly", _("monthly")
