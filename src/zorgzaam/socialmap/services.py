"""Writes of the social map: HSDS import/export, item edits with versions, verification.

Every function is keyword-only, runs in one transaction and writes its audit line inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError, ImportRejected
from zorgzaam.common.updates import model_update

from .hsds import exporter
from .hsds.loader import dataset_check, dataset_load, refresh_statistics
from .hsds.reader import Dataset, describe, read_path
from .models import ItemVersion, Kind, Service
from .search import service_reindex
from .selectors import SUB_RECORD_FIELDS, service_sub_records, sub_record_model


@dataclass(frozen=True)
class ImportSummary:
    created: dict[str, int]
    updated: dict[str, int]
    services_indexed: int
    #: What was read ("HSDS 3.0 folder, 12 services (...)") and the warnings (path, reason):
    #: conflicts resolved by precedence, references kept but not linked, skipped files.
    description: str = ""
    warnings: tuple[tuple[str, str], ...] = ()

    @property
    def total(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


def _read(path, dataset: Dataset | None, prefer: str) -> Dataset:
    if prefer not in ("json", "csv"):
        raise ApplicationError(f"Unknown preference {prefer!r}; use json or csv.")
    if dataset is None:
        if path is None:
            raise ApplicationError("Give a file, a directory or a data set to import.")
        dataset = read_path(Path(path), prefer=prefer)
    return dataset


def hsds_validate(
    *, path: Path | None = None, dataset: Dataset | None = None, municipality=None, prefer="json"
) -> tuple[Dataset, list[tuple[str, str]]]:
    """Check HSDS as ``hsds_import`` would, writing nothing: (the data set read, problems).

    With a ``municipality`` its stored rows count (references to them resolve, ids of another
    municipality are refused); without one the data set is checked on its own."""
    dataset = _read(path, dataset, prefer)
    return dataset, dataset_check(dataset, municipality)


def hsds_import(
    *,
    path: Path | None = None,
    dataset: Dataset | None = None,
    municipality,
    kind: str = Kind.WELFARE,
    published: bool = True,
    actor=None,
    progress=None,
    prefer: str = "json",
    replace: bool = False,
) -> ImportSummary:
    """Import HSDS from a file or directory (or a read ``dataset``), all or nothing.

    Raises ImportRejected listing every rejected record (path, reason); nothing is written
    then. Re-importing updates rows by their HSDS id and merges: what the source does not
    mention is kept (``replace=True``: the source's version replaces each row it holds). When
    files disagree about a record, ``prefer`` (json or csv) decides; the conflict is a
    warning of the summary. New services get ``kind``."""
    if kind not in Kind.values:
        raise ApplicationError(f"Unknown kind {kind!r}; use one of {', '.join(Kind.values)}.")
    dataset = _read(path, dataset, prefer)
    problems = dataset_check(dataset, municipality)
    if problems:
        raise ImportRejected(
            f"HSDS import refused: {len(problems)} problem(s); nothing was imported.", problems
        )
    description, warnings = describe(dataset), tuple(dataset.warnings)
    if dataset.count() == 0:
        return ImportSummary({}, {}, 0, description, warnings)
    with transaction.atomic():
        result = dataset_load(
            dataset,
            municipality,
            new_service_defaults={"kind": kind, "published": published},
            progress=progress,
            replace=replace,
        )
        refresh_statistics(result)
        service_pks = set(result.service_pks)
        if result.location_pks:
            from .models.hsds import ServiceAtLocation

            service_pks |= set(
                ServiceAtLocation.objects.filter(
                    location_id__in=result.location_pks, service__isnull=False
                ).values_list("service_id", flat=True)
            )
        indexed = service_reindex(service_pks)
        _import_versions(dataset, municipality, actor)
        audit_record(
            event="socialmap.hsds_import",
            actor=actor,
            target=("socialmap.hsds", municipality.code),
            fields=[  # the tables written (created or updated: a table has both counts)
                t
                for t in {**result.created, **result.updated}
                if result.created.get(t) or result.updated.get(t)
            ],
            municipality_code=municipality.code,
        )
    return ImportSummary(result.created, result.updated, indexed, description, warnings)


def _import_versions(dataset: Dataset, municipality, actor) -> None:
    """One version per imported service: who, when, which HSDS fields the source gave."""
    import uuid

    from django.db.models import Max

    from .hsds.loader import bulk_insert

    rows = list(dataset.rows["service"].values())
    actor_id = actor.pk if actor is not None else None
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        ids = [uuid.UUID(r.id) for r in chunk]
        last = dict(
            ItemVersion.objects.filter(item_id__in=ids)
            .values_list("item_id")
            .annotate(n=Max("number"))
        )
        bulk_insert(
            ItemVersion,
            [
                {
                    "municipality_id": municipality.pk,
                    "table": "service",
                    "item_id": item_id,
                    "number": last.get(item_id, 0) + 1,
                    "actor_id": actor_id,
                    "source": "import",
                    "changed_fields": sorted(row.values),
                    "snapshot": {k: v for k, v in row.values.items() if not isinstance(v, dict)},
                }
                for item_id, row in zip(ids, chunk, strict=True)
            ],
        )


def hsds_export(*, directory: Path, municipality, actor=None) -> dict[str, int]:
    """Write both HSDS forms under ``directory`` (``json/`` and ``csv/``)."""
    directory = Path(directory)
    with transaction.atomic():
        snapshot = exporter.Snapshot(municipality)
        counts = exporter.export_json(snapshot, directory / "json")
        counts.update(exporter.export_csv(snapshot, directory / "csv"))
        audit_record(
            event="socialmap.hsds_export",
            actor=actor,
            target=("socialmap.hsds", municipality.code),
            municipality_code=municipality.code,
        )
    return counts


# --- editing --------------------------------------------------------------------------------
SERVICE_FORM_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "kind",
    "status",
    "url",
    "email",
    "application_process",
    "fees_description",
    "eligibility_description",
    "published",
)


def _snapshot(service: Service) -> dict:
    values = {
        name: (value if not hasattr(value, "isoformat") else value.isoformat())
        for name in SERVICE_FORM_FIELDS + ("assured_date", "organization_id")
        for value in [getattr(service, name)]
    }
    if service.pk:
        values.update(service_sub_records(service))
    return values


def _clean_value(key: str, name: str, value):
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if name == "amount":
        return float(value)
    if isinstance(value, str):
        value = value.strip()
        if name == "currency":
            value = value.upper()
        return value or None
    return value


def _sub_records_save(service: Service, key: str, rows: list[dict]) -> bool:
    """Make the service's rows of ``key`` equal to ``rows`` (update by ``id``, create rows
    without one, delete the rows not listed). True when something changed."""
    from .models.hsds import Phone

    model = sub_record_model(key)
    names = SUB_RECORD_FIELDS[key]
    existing = {str(r.public_id): r for r in model.objects.filter(service=service)}
    before = service_sub_records(service)[key]
    keep = set()
    for row in rows:
        ident = str(row["id"]) if row.get("id") else None
        if ident is not None and ident not in existing:
            raise ApplicationError(
                gettext("A row of this form no longer belongs to this item; reload the page."),
                field=key,
            )
        values = {n: _clean_value(key, n, row.get(n)) for n in names if n in row}
        if key == "cost_options" and values.get("amount") is not None:
            values["currency"] = values.get("currency") or "EUR"
        phone = values.pop("phone", None) if key == "contacts" else None
        if ident is None:
            record = model(municipality=service.municipality, service=service, **values)
            record.full_clean(exclude=["municipality", "service"])
            record.save()
        else:
            record = existing[ident]
            for name, value in values.items():
                setattr(record, name, value)
            record.full_clean(exclude=["municipality", "service"])
            record.save()
        keep.add(str(record.public_id))
        if key == "contacts":
            first = Phone.objects.filter(contact=record).order_by("pk").first()
            if first is None:
                if phone:
                    Phone.objects.create(
                        municipality=service.municipality,
                        contact=record,
                        number=phone,
                    )
            elif not phone:
                first.delete()
            elif first.number != phone:
                Phone.objects.filter(pk=first.pk).update(number=phone)
    gone = [r.pk for ident, r in existing.items() if ident not in keep]
    if gone:
        model.objects.filter(pk__in=gone).delete()
    return service_sub_records(service)[key] != before


def _version(service: Service, *, actor, changed: list[str], source: str) -> ItemVersion:
    last = ItemVersion.objects.filter(item_id=service.public_id).order_by("-number").first()
    return ItemVersion.objects.create(
        municipality=service.municipality,
        table="service",
        item_id=service.public_id,
        number=(last.number + 1) if last else 1,
        actor=actor,
        source=source,
        changed_fields=sorted(changed),
        snapshot=_snapshot(service),
    )


PLACE_FIELDS = ("address_1", "postcode", "city")
SCHEDULE_FIELDS = ("days", "opens_at", "closes_at")


def service_save(
    *,
    actor,
    service: Service | None = None,
    data: dict,
    sub_records: dict[str, list[dict]] | None = None,
) -> Service:
    """Create (service=None) or change a service from form data; versioned and audited.

    Besides the service's own fields, ``data`` may hold its place (``address_1``,
    ``postcode``, ``city``: one HSDS location with an address, placed at the PC4 centroid)
    and a weekly schedule (``days`` such as ["TU", "TH"], ``opens_at``, ``closes_at``).

    ``sub_records`` maps ``contacts``, ``cost_options`` and ``languages`` to the complete
    list of rows the service should have (``{"id": HSDS id or None, field: value}``; see
    ``SUB_RECORD_FIELDS``): listed rows are updated by id or created, unlisted ones deleted.
    A key left out is not touched. The version records their names as changed fields and
    their rows in the snapshot."""
    if actor is None or actor.municipality_id is None:
        raise ApplicationError("Only a user of a municipality can edit the social map.")
    data = dict(data)
    place = {k: data.pop(k) for k in PLACE_FIELDS if k in data}
    schedule = {k: data.pop(k) for k in SCHEDULE_FIELDS if k in data}
    unknown = set(data) - set(SERVICE_FORM_FIELDS)
    unknown |= set(sub_records or {}) - set(SUB_RECORD_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        creating = service is None
        if service is None:
            service = Service(municipality=actor.municipality, status="active")
        elif service.municipality_id != actor.municipality_id:
            raise ApplicationError("This item belongs to another municipality.")
        data = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in data.items()}
        if "name" in data and not data["name"]:
            raise ApplicationError("A name is required.", field="name")
        changed = model_update(service, data, SERVICE_FORM_FIELDS, clean=False, save=False)
        service.last_modified = timezone.now().isoformat(timespec="seconds")
        service.full_clean(exclude=["organization", "program", "area"])
        service.save()
        if place and _place_save(service, **place):
            changed.append("address")
        if schedule and _schedule_save(service, **schedule):
            changed.append("schedule")
        for key, rows in (sub_records or {}).items():
            if _sub_records_save(service, key, rows):
                changed.append(key)
        if not changed and not creating:
            transaction.set_rollback(True)
            return service
        service_reindex([service.pk])
        _version(service, actor=actor, changed=changed, source="form")
        audit_record(
            event="socialmap.item_create" if creating else "socialmap.item_change",
            actor=actor,
            target=service,
            fields=changed,
        )
    return service


def _place_save(service: Service, *, address_1, postcode, city) -> bool:
    """One physical location with one address; True when something changed."""
    from zorgzaam.tenancy.selectors import postcode_area_get, postcode_normalise

    from .models.hsds import Address, Location, ServiceAtLocation

    address_1 = (address_1 or "").strip()
    postcode = (postcode or "").strip()
    sal = ServiceAtLocation.objects.filter(service=service).select_related("location").first()
    if not address_1 and not postcode:
        return False
    if not postcode:
        raise ApplicationError("Give the postcode of the address.", field="postcode")
    pc = postcode_area_get(postcode)
    normalised = postcode_normalise(postcode)
    if sal is None or sal.location is None:
        location = Location.objects.create(
            municipality=service.municipality, location_type="physical", name=service.name
        )
        sal = ServiceAtLocation.objects.create(
            municipality=service.municipality, service=service, location=location
        )
    else:
        location = sal.location
    address = Address.objects.filter(location=location).first()
    values = {
        "address_1": address_1 or None,
        "postal_code": normalised,
        "city": (city or "").strip() or pc.place,
        "state_province": service.municipality.name,
        "country": "NL",
        "address_type": "physical",
    }
    if address is not None and all(getattr(address, k) == v for k, v in values.items()):
        return False
    if address is None:
        Address.objects.create(municipality=service.municipality, location=location, **values)
    else:
        Address.objects.filter(pk=address.pk).update(**values)
    # The map point: the postcode area's centroid (about 1 km), never a geocoded address.
    Location.objects.filter(pk=location.pk).update(latitude=pc.latitude, longitude=pc.longitude)
    return True


def _schedule_save(service: Service, *, days, opens_at, closes_at) -> bool:
    from .hsds.loader import schedule_problems
    from .models.hsds import Schedule

    days = [d for d in (days or []) if d]
    existing = Schedule.objects.filter(service=service).order_by("pk").first()
    if not days:
        if existing is None:
            return False
        Schedule.objects.filter(service=service).delete()
        return True
    values = {
        "freq": "WEEKLY",
        "byday": ",".join(days),
        "opens_at": opens_at.strftime("%H:%M") if opens_at else None,
        "closes_at": closes_at.strftime("%H:%M") if closes_at else None,
    }
    problems = schedule_problems(values)
    if problems:
        field, reason = problems[0]
        raise ApplicationError(f"Opening hours: {reason}.", field=field)
    if existing is not None and all(getattr(existing, k) == v for k, v in values.items()):
        return False
    if existing is None:
        Schedule.objects.create(municipality=service.municipality, service=service, **values)
    else:
        Schedule.objects.filter(pk=existing.pk).update(**values)
    return True


def service_verify(*, actor, service: Service) -> Service:
    """Mark the item as checked today (HSDS ``assured_date``; our ``last_verified``)."""
    if service.municipality_id != actor.municipality_id:
        raise ApplicationError("This item belongs to another municipality.")
    with transaction.atomic():
        service.assured_date = timezone.localdate().isoformat()
        service.last_verified = timezone.localdate()
        service.save(update_fields=["assured_date", "last_verified", "updated_at"])
        _version(service, actor=actor, changed=["assured_date"], source="verify")
        audit_record(
            event="socialmap.item_verify", actor=actor, target=service, fields=["assured_date"]
        )
    return service
