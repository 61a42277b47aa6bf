"""Render stored rows as HSDS 3.0 objects for the API: shallow list items and fully nested
objects (only the rows reachable from the object are loaded)."""

from __future__ import annotations

from .exporter import Snapshot, _number
from .loader import model_of
from .spec import GENERIC_LINK, KIND_FIELD, NUMBER, TABLES

CHUNK = 500


def shallow(table: str, instance) -> dict:
    """The one-to-one fields of a row (what the ``*_list`` schemas hold)."""
    spec = TABLES[table]
    out = {"id": str(instance.public_id)}
    for ref in spec.refs:
        if ref.soft:
            value = getattr(instance, ref.model_field)
            if value is not None:
                out[ref.column] = str(value)
        else:
            related_id = getattr(instance, f"{ref.model_field}_id")
            if related_id is not None:
                out[ref.column] = str(getattr(instance, ref.model_field).public_id)
    for name, kind in spec.scalars.items():
        value = getattr(instance, name)
        if value is not None:
            out[name] = _number(value) if kind == NUMBER else value
    if table == "service":
        out[KIND_FIELD] = instance.kind
    for key, value in (instance.extra or {}).items():
        out.setdefault(key, value)
    return out


def service_list_item(service) -> dict:
    item = shallow("service", service)
    if service.organization_id:
        item["organization"] = shallow("organization", service.organization)
    if service.program_id:
        item["program"] = shallow("program", service.program)
    return item


def sal_list_item(sal) -> dict:
    item = shallow("service_at_location", sal)
    if sal.location_id:
        item["location"] = shallow("location", sal.location)
    if sal.service_id:
        item["service"] = shallow("service", sal.service)
    return item


def term_item(term) -> dict:
    item = shallow("taxonomy_term", term)
    if term.taxonomy_detail_id:
        item["taxonomy_detail"] = shallow("taxonomy", term.taxonomy_detail)
    return item


def _reachable(municipality, table: str, public_id: str) -> dict[str, set[str]]:
    """The ids of every row that the nested form of this object includes."""
    found: dict[str, set[str]] = {t: set() for t in TABLES}
    frontier: list[tuple[str, set[str]]] = [(table, {public_id})]
    while frontier:
        current, ids = frontier.pop()
        new = ids - found[current]
        if not new:
            continue
        found[current] |= new
        spec = TABLES[current]
        model = model_of(current)
        for key, (child, column) in spec.objects.items():
            if current == "service_at_location" and key == "service":
                continue
            ref = spec.ref(column)
            if ref is None:  # the spec names a reference column for every nested object
                raise LookupError(f"{current}.{column} is not a reference column")
            linked = set()
            for value in (
                model.objects.filter(public_id__in=list(new))
                .exclude(**{f"{ref.model_field}__isnull": True})
                .values_list(f"{ref.model_field}__public_id", flat=True)
            ):
                linked.add(str(value))
            if linked:
                frontier.append((child, linked))
        for key, child in spec.arrays.items():
            if key == "services":
                continue
            child_model = model_of(child)
            if child in GENERIC_LINK:
                qs = child_model.objects.filter(nested_table=current, nested_id__in=list(new))
            else:
                ref = TABLES[child].ref_to(current)
                if ref is None:
                    continue
                qs = child_model.objects.filter(**{f"{ref.model_field}__public_id__in": list(new)})
            child_ids = {
                str(v)
                for v in qs.for_municipality(municipality).values_list("public_id", flat=True)
            }
            if child_ids:
                frontier.append((child, child_ids))
    return found


def full_object(table: str, instance) -> dict:
    """The fully nested HSDS object of one row."""
    only = _reachable(instance.municipality, table, str(instance.public_id))
    snapshot = Snapshot(instance.municipality, only=only)
    return snapshot.full(table, snapshot.rows[table][str(instance.public_id)])
