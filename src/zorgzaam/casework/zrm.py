"""The Zelfredzaamheid-Matrix (ZRM) versions as reference data. The data migration
0002_zrm_versions loads these; code refers to domains by ``code``."""

from __future__ import annotations

ZRM_2017 = "2017"
ZRM_2013 = "2013"

DOMAINS_2017 = [
    ("financien", "Financiën"),
    ("werk-opleiding", "Werk & Opleiding"),
    ("tijdsbesteding", "Tijdsbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke-relaties", "Huiselijke relaties"),
    ("geestelijke-gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke-gezondheid", "Lichamelijke gezondheid"),
    ("middelengebruik", "Middelengebruik"),
    ("basale-adl", "Basale ADL"),
    ("instrumentele-adl", "Instrumentele ADL"),
    ("sociaal-netwerk", "Sociaal netwerk"),
    ("maatschappelijke-participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
]

# The older matrix (2010/2013) had 11 domains.
DOMAINS_2013 = [
    ("financien", "Financiën"),
    ("dagbesteding", "Dagbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke-relaties", "Huiselijke relaties"),
    ("geestelijke-gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke-gezondheid", "Lichamelijke gezondheid"),
    ("verslaving", "Verslaving"),
    ("adl-vaardigheden", "ADL-vaardigheden"),
    ("sociaal-netwerk", "Sociaal netwerk"),
    ("maatschappelijke-participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
]

VERSIONS = [
    (ZRM_2017, "Zelfredzaamheid-Matrix 2017", 2017, True, DOMAINS_2017),
    (ZRM_2013, "Zelfredzaamheid-Matrix 2013", 2013, False, DOMAINS_2013),
]


def load_versions(ZrmVersion, ZrmDomain) -> None:
    """Idempotent load (used by the data migration with historical models)."""
    for code, name, year, current, domains in VERSIONS:
        version, _ = ZrmVersion.objects.update_or_create(
            code=code, defaults={"name": name, "year": year, "is_current": current}
        )
        for order, (slug, label) in enumerate(domains, start=1):
            ZrmDomain.objects.update_or_create(
                version=version, code=slug, defaults={"name": label, "order": order}
            )
