"""Converting organizations, programs, services and taxonomies."""

from __future__ import annotations

import uuid

from .base import _ConverterBase


class _OrganizationsMixin(_ConverterBase):
    def organizations(self) -> None:
        for where, r in self.each("organization"):
            year = r.get("year_incorporated")
            if year is not None:
                year = self.number(where, "year_incorporated", year[:4])
            description = r.get("description")
            if description is None:
                description = r.get("name")
                self.fill("organization(s) without a description got their name as one")
            row = {
                "id": self.ident("organization", r["id"]),
                "name": r.get("name"),
                "alternate_name": r.get("alternate_name"),
                "description": description,
                "email": r.get("email"),
                "website": r.get("url"),
                "tax_status": r.get("tax_status"),
                "tax_id": r.get("tax_id"),
                "year_incorporated": year,
                "legal_status": r.get("legal_status"),
                "logo": r.get("logo"),
                "uri": r.get("uri"),
            }
            used = {*row, "url"}
            self.emit("organization", where, row, r, used)
        for where, r in self.each("identifier"):
            row = {
                "id": self.ident("identifier", r["id"]),
                "organization_id": self.ident("organization", r.get("organization_id")),
                "identifier_scheme": r.get("register"),
                "identifier_type": r.get("identification_body") or r.get("register"),
                "identifier": r.get("identifier"),
            }
            used = {*row, "register", "identification_body", "service_area_id"}
            self.emit("organization_identifier", where, row, r, used)

    def programs(self) -> None:
        for where, r in self.each("program"):
            row = {
                "id": self.ident("program", r["id"]),
                "organization_id": self.ident("organization", r.get("organization_id")),
                "name": r.get("name"),
                "alternate_name": r.get("alternate_name"),
                "description": r.get("description") or r.get("name"),
            }
            self.emit("program", where, row, r, set(row))

    def services(self) -> None:
        eligibility: dict[str, list[dict]] = {}
        for _, r in self.each("eligibility"):
            eligibility.setdefault(r.get("service_id") or "", []).append(r)
        payments: dict[str, list[str]] = {}
        for _, r in self.each("payment_accepted"):
            if r.get("payment"):
                payments.setdefault(r.get("service_id") or "", []).append(r["payment"])
        for where, r in self.each("service"):
            status = r.get("status")
            if status is None:
                status = "active"
                self.fill("service(s) without a status were taken as active")
            row = {
                "id": self.ident("service", r["id"]),
                "organization_id": self.ident("organization", r.get("organization_id")),
                "program_id": self.ident("program", r.get("program_id")),
                "name": r.get("name"),
                "alternate_name": r.get("alternate_name"),
                "description": r.get("description"),
                "url": r.get("url"),
                "email": r.get("email"),
                "status": status.lower(),
                "interpretation_services": r.get("interpretation_services"),
                "application_process": r.get("application_process"),
                "wait_time": r.get("wait_time"),
                "fees_description": r.get("fees"),
                "accreditations": r.get("accreditations"),
                "licenses": r.get("licenses"),
                "assured_date": r.get("assured_date"),
            }
            rules = eligibility.get(r["id"], [])
            texts = [
                text
                for e in rules
                for text in (e.get("eligibility"), e.get("gender"))
                if text is not None
            ]
            if texts:
                row["eligibility_description"] = "; ".join(dict.fromkeys(texts))
            lows = [self.number(where, "minimum_age", e.get("minimum_age")) for e in rules]
            highs = [self.number(where, "maximum_age", e.get("maximum_age")) for e in rules]
            lows = [n for n in lows if n is not None]
            highs = [n for n in highs if n is not None]
            if lows:
                row["minimum_age"] = min(lows)
            if highs:
                row["maximum_age"] = max(highs)
            if payments.get(r["id"]):
                row["payments_accepted"] = ", ".join(payments[r["id"]])
            used = {*row, "fees", "taxonomy_ids"}
            self.emit("service", where, row, r, used)
            for tax in (r.get("taxonomy_ids") or "").split(","):
                if tax.strip():
                    self.attribute(
                        where,
                        f"taxonomy_ids\x1f{r['id']}\x1f{tax.strip()}",
                        row["id"],
                        tax.strip(),
                    )

    def taxonomies(self) -> None:
        vocabularies: dict[str, str] = {}
        for where, r in self.each("taxonomy"):
            vocabulary = r.get("vocabulary")
            taxonomy_id = None
            if vocabulary is not None:
                taxonomy_id = str(uuid.uuid5(self.namespace, f"vocabulary\x1f{vocabulary}"))
                if vocabulary not in vocabularies:
                    vocabularies[vocabulary] = taxonomy_id
                    self.out.append(
                        (
                            "taxonomy",
                            where,
                            {
                                "id": taxonomy_id,
                                "name": vocabulary,
                                "description": f"{vocabulary} ({self.info.label})",
                            },
                        )
                    )
            row = {
                "id": self.ident("taxonomy", r["id"]),
                "code": r["id"],
                "name": r.get("name"),
                "description": r.get("description") or r.get("name"),
                "parent_id": self.ident("taxonomy", r.get("parent_id")),
                "taxonomy": vocabulary,
                "taxonomy_id": taxonomy_id,
            }
            self.emit("taxonomy_term", where, row, r, {*row, "vocabulary", "parent_name"})
        for where, r in self.each("service_taxonomy"):
            self.attribute(
                where,
                f"service_taxonomy\x1f{r['id']}",
                self.ident("service", r.get("service_id")),
                r.get("taxonomy_id"),
                value=r.get("taxonomy_detail"),
            )
        links = {
            "organization": "organization",
            "cost_option": "cost_option",
            "service_area": "service_area",
        }
        eligibility_service = {r["id"]: r.get("service_id") for _, r in self.each("eligibility")}
        for where, r in self.each("link_taxonomy"):
            kind = (r.get("link_type") or "").lower()
            raw = r.get("link_id")
            if kind == "eligibility":
                link = self.ident("service", eligibility_service.get(raw or ""))
            elif kind in links:
                link = self.ident(links[kind], raw)
            else:
                self.problem(f"{where}/link_type", f"unknown link_type {r.get('link_type')!r}")
                continue
            if link is None:
                self.problem(f"{where}/link_id", f"no {kind} {raw!r} in the package")
                continue
            self.attribute(
                where, f"link_taxonomy\x1f{r['id']}", link, r.get("taxonomy_id"), link_type=kind
            )
