"""Sectors, skills and kinds of employer offers: the terms matching uses (pure Python).

Each term has a Dutch and an English label; together they form one matching vocabulary of
at most 64 terms (``offer:<kind>``, ``sector:<code>``, ``skill:<code>``).
"""

from __future__ import annotations

OFFER_KINDS: dict[str, tuple[str, str]] = {
    "buddy": ("werkgever-buddy", "employer buddy"),
    "work_experience": ("werkervaringsplek", "work-experience place"),
    "job": ("baan", "job"),
}

SECTORS: dict[str, tuple[str, str]] = {
    "care": ("zorg en welzijn", "care and welfare"),
    "construction": ("bouw", "construction"),
    "retail": ("detailhandel", "retail"),
    "hospitality": ("horeca", "hospitality"),
    "green": ("groen en hoveniers", "gardening and landscaping"),
    "automotive": ("garage en mobiliteit", "garage and mobility"),
    "agriculture": ("agrarisch en zuivel", "farming and dairy"),
    "logistics": ("logistiek", "logistics"),
    "manufacturing": ("productie en techniek", "manufacturing and engineering"),
    "office": ("kantoor en administratie", "office and administration"),
    "cleaning": ("schoonmaak en facilitair", "cleaning and facilities"),
    "education": ("onderwijs en kinderopvang", "education and childcare"),
    "public": ("overheid", "public sector"),
}

SKILLS: dict[str, tuple[str, str]] = {
    "customer_contact": ("klantcontact", "customer contact"),
    "physical_work": ("fysiek werk", "physical work"),
    "driving_licence": ("rijbewijs B", "driving licence B"),
    "forklift": ("heftruck", "forklift"),
    "computer": ("computervaardigheden", "computer skills"),
    "cooking": ("koken", "cooking"),
    "technical": ("technisch", "technical"),
    "caring": ("zorgen voor anderen", "caring for others"),
    "animals": ("omgaan met dieren", "working with animals"),
    "planting": ("tuinieren", "gardening"),
    "administration": ("administratie", "administration"),
    "cleaning": ("schoonmaken", "cleaning"),
    "languages": ("meertalig", "multilingual"),
    "teamwork": ("samenwerken", "teamwork"),
}


def term_labels() -> dict[str, dict[str, str]]:
    """All matching terms with their labels ``{term: {"nl": ..., "en": ...}}``."""
    out: dict[str, dict[str, str]] = {}
    for prefix, table in (("offer", OFFER_KINDS), ("sector", SECTORS), ("skill", SKILLS)):
        for code, (nl, en) in table.items():
            out[f"{prefix}:{code}"] = {"nl": nl, "en": en}
    return out
