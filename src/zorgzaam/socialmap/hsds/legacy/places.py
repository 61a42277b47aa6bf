"""Converting locations, the simple child tables, schedules and metadata."""

from __future__ import annotations

from .base import _ConverterBase, _time
from .layouts import (
    _TRUE,
    _WEEKDAYS,
)


class _PlacesMixin(_ConverterBase):
    def locations(self) -> None:
        physical = {r.get("location_id") for _, r in self.each("physical_address")}
        postal = {r.get("location_id") for _, r in self.each("postal_address")}
        for where, r in self.each("location"):
            only_postal = r["id"] in postal and r["id"] not in physical
            row = {
                "id": self.ident("location", r["id"]),
                "location_type": "postal" if only_postal else "physical",
                "organization_id": self.ident("organization", r.get("organization_id")),
                "name": r.get("name"),
                "alternate_name": r.get("alternate_name"),
                "description": r.get("description"),
                "transportation": r.get("transportation"),
                "latitude": self.number(where, "latitude", r.get("latitude")),
                "longitude": self.number(where, "longitude", r.get("longitude")),
            }
            self.emit("location", where, row, r, set(row))
        for legacy, kind in (("physical_address", "physical"), ("postal_address", "postal")):
            for where, r in self.each(legacy):
                extra = [r.get(k) for k in ("address_2", "address_3", "address_4")]
                row = {
                    "id": self.ident(legacy, r["id"]),
                    "location_id": self.ident("location", r.get("location_id")),
                    "attention": r.get("attention"),
                    "address_1": r.get("address_1"),
                    "address_2": ", ".join(p for p in extra if p) or None,
                    "city": r.get("city"),
                    "region": r.get("region"),
                    "state_province": r.get("state_province"),
                    "postal_code": r.get("postal_code"),
                    "country": r.get("country"),
                    "address_type": kind,
                }
                self.emit("address", where, row, r, {*row, "address_3", "address_4"})
        for where, r in self.each("accessibility_for_disabilities"):
            row = {
                "id": self.ident("accessibility", r["id"]),
                "location_id": self.ident("location", r.get("location_id")),
                "description": r.get("accessibility"),
                "details": r.get("details"),
            }
            self.emit("accessibility", where, row, r, {*row, "accessibility"})

    def simple(self) -> None:
        for where, r in self.each("service_at_location"):
            row = {
                "id": self.ident("service_at_location", r["id"]),
                **self.owners(r, "service_id", "location_id"),
                "description": r.get("description"),
            }
            self.emit("service_at_location", where, row, r, set(row))
        for where, r in self.each("contact"):
            row = {
                "id": self.ident("contact", r["id"]),
                **self.owners(r, "organization_id", "service_id", "service_at_location_id"),
                "name": r.get("name"),
                "title": r.get("title"),
                "department": r.get("department"),
                "email": r.get("email"),
            }
            self.emit("contact", where, row, r, set(row))
        for where, r in self.each("phone"):
            row = {
                "id": self.ident("phone", r["id"]),
                **self.owners(
                    r,
                    "location_id",
                    "service_id",
                    "organization_id",
                    "contact_id",
                    "service_at_location_id",
                ),
                "number": r.get("number"),
                "extension": self.number(where, "extension", r.get("extension")),
                "type": (r.get("type") or "").lower() or None,
                "description": r.get("description"),
            }
            self.emit("phone", where, row, r, {*row, "language"})
            if r.get("language"):
                spoken = self.language(f"phone\x1f{r['id']}", r["language"])
                self.out.append(("language", where, {**spoken, "phone_id": row["id"]}))
        for where, r in self.each("language"):
            row = {
                **self.language(r["id"], r.get("language")),
                **self.owners(r, "service_id", "location_id"),
            }
            self.emit("language", where, row, r, {*row, "language"})
        for where, r in self.each("funding"):
            row = {
                "id": self.ident("funding", r["id"]),
                **self.owners(r, "organization_id", "service_id"),
                "source": r.get("source"),
            }
            self.emit("funding", where, row, r, set(row))
        for where, r in self.each("service_area"):
            row = {
                "id": self.ident("service_area", r["id"]),
                **self.owners(r, "service_id"),
                "name": r.get("name") or r.get("service_area"),
                "description": r.get("description"),
                "extent": r.get("extent"),
                "extent_type": "geojson" if r.get("extent") else None,
                "uri": r.get("uri"),
            }
            used = {*row} | ({"service_area"} if not r.get("name") else set())
            self.emit("service_area", where, row, r, used)
        for where, r in self.each("required_document"):
            row = {
                "id": self.ident("required_document", r["id"]),
                **self.owners(r, "service_id"),
                "document": r.get("document"),
            }
            self.emit("required_document", where, row, r, set(row))
        for where, r in self.each("cost_option"):
            row = {
                "id": self.ident("cost_option", r["id"]),
                **self.owners(r, "service_id"),
                "valid_from": r.get("valid_from"),
                "valid_to": r.get("valid_to"),
                "option": r.get("option"),
                "amount": self.number(where, "amount", r.get("amount")),
                "amount_description": r.get("amount_description"),
            }
            self.emit("cost_option", where, row, r, set(row))

    def schedules(self) -> None:
        owner_keys = ("service_id", "location_id", "service_at_location_id")
        for where, r in self.each("regular_schedule"):
            weekday = r.get("weekday")
            day = _WEEKDAYS.get((weekday or "").lower().rstrip(".")) if weekday else None
            byday = r.get("byday")
            if day is None and byday is None:
                self.problem(
                    f"{where}/weekday",
                    f"weekday must be 1-7 (Monday-Sunday) or a day name, got {weekday!r}",
                )
                continue
            row = {
                "id": self.ident("regular_schedule", r["id"]),
                **self.owners(r, *owner_keys),
                "freq": (r.get("freq") or "WEEKLY").upper(),
                "byday": byday or day,
                "opens_at": _time(r.get("opens_at")),
                "closes_at": _time(r.get("closes_at")),
                "valid_from": r.get("valid_from"),
                "valid_to": r.get("valid_to"),
                "dtstart": r.get("dtstart"),
                "interval": self.number(where, "interval", r.get("interval"), whole=True),
                "bymonthday": r.get("bymonthday"),
                "description": r.get("description"),
            }
            if row["bymonthday"] is not None:
                value = self.number(where, "bymonthday", row["bymonthday"], whole=True)
                row["bymonthday"] = None if value is None else str(value)
            self.emit("schedule", where, row, r, {*row, "weekday"})
        for where, r in self.each("holiday_schedule"):
            closed = (r.get("closed") or "").lower() in _TRUE
            row = {
                "id": self.ident("holiday_schedule", r["id"]),
                **self.owners(r, *owner_keys),
                "valid_from": r.get("start_date"),
                "valid_to": r.get("end_date"),
                "opens_at": None if closed else _time(r.get("opens_at")),
                "closes_at": None if closed else _time(r.get("closes_at")),
                "description": "Gesloten" if closed else "Aangepaste openingstijden",
                "closed": closed,
            }
            used = {*row, "start_date", "end_date", "opens_at", "closes_at"}
            self.emit("schedule", where, row, r, used)

    def metadata(self) -> None:
        tables = {
            "organization": "organization",
            "service": "service",
            "location": "location",
            "program": "program",
            "contact": "contact",
            "phone": "phone",
            "service_at_location": "service_at_location",
        }
        owner: dict[str, list[str]] = {}
        for legacy in tables:
            for _, r in self.each(legacy):
                owner.setdefault(r["id"], []).append(legacy)
        skipped = 0
        for where, r in self.each("metadata"):
            found = owner.get(r.get("resource_id") or "", [])
            if len(found) != 1:
                skipped += 1
                continue
            row = {
                "id": self.ident("metadata", r["id"]),
                "resource_id": self.ident(found[0], r["resource_id"]),
                "resource_type": tables[found[0]],
                "last_action_date": r.get("last_action_date"),
                "last_action_type": r.get("last_action_type"),
                "field_name": r.get("field_name"),
                "previous_value": r.get("previous_value"),
                "replacement_value": r.get("replacement_value"),
                "updated_by": r.get("updated_by"),
            }
            self.emit("metadata", where, row, r, set(row))
        if skipped:
            self.warn(
                str(self.info.files.get("metadata.csv", self.info.directory)),
                f"{skipped} metadata row(s) not imported: their resource_id names no single "
                "organization, service, location, program, contact, phone or "
                "service at location of the package",
            )
        for where, r in self.each("meta_table_description"):
            row = {
                "id": self.ident("meta_table_description", r["id"]),
                "name": r.get("name"),
                "language": r.get("language"),
                "character_set": r.get("character_set"),
            }
            self.emit("meta_table_description", where, row, r, set(row))
