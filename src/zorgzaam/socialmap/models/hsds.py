"""HSDS 3.0 tables as Django models (generated from hsds/spec.py, then kept by hand).

Every row is a MunicipalModel whose ``public_id`` is the HSDS ``id``. Text fields are nullable
on purpose: HSDS distinguishes an absent field from an empty one, and a round trip
import -> export -> import must not invent or lose fields. Properties outside HSDS 3.0 that
arrive in an import are kept in ``extra`` and written back on export.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.models import MunicipalModel


class Kind(models.TextChoices):
    FORMAL = "formal", _("formal care")
    WELFARE = "welfare", _("welfare and social work")
    INFORMAL = "informal", _("informal")


class HsdsModel(MunicipalModel):
    hsds_table = ""
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return str(getattr(self, "name", None) or self.public_id)


class Taxonomy(HsdsModel):
    hsds_table = "taxonomy"

    name = models.TextField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    uri = models.TextField(null=True, blank=True)
    version = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("taxonomy")


class TaxonomyTerm(HsdsModel):
    hsds_table = "taxonomy_term"

    parent_id = models.UUIDField(null=True, blank=True, db_index=True)
    taxonomy_detail = models.ForeignKey(Taxonomy, null=True, blank=True, on_delete=models.CASCADE)
    code = models.TextField(null=True, blank=True)
    name = models.TextField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    taxonomy = models.TextField(null=True, blank=True)
    language = models.TextField(null=True, blank=True)
    term_uri = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("taxonomy term")


class Organization(HsdsModel):
    hsds_table = "organization"

    parent_organization_id = models.UUIDField(null=True, blank=True, db_index=True)
    name = models.TextField(null=True, blank=True)
    alternate_name = models.TextField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    email = models.TextField(null=True, blank=True)
    website = models.TextField(null=True, blank=True)
    tax_status = models.TextField(null=True, blank=True)
    tax_id = models.TextField(null=True, blank=True)
    year_incorporated = models.FloatField(null=True, blank=True)
    legal_status = models.TextField(null=True, blank=True)
    logo = models.TextField(null=True, blank=True)
    uri = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("organization")


class OrganizationIdentifier(HsdsModel):
    hsds_table = "organization_identifier"

    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE)
    identifier_scheme = models.TextField(null=True, blank=True)
    identifier_type = models.TextField(null=True, blank=True)
    identifier = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("organization identifier")


class Program(HsdsModel):
    hsds_table = "program"

    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE)
    name = models.TextField(null=True, blank=True)
    alternate_name = models.TextField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("program")


class Service(HsdsModel):
    hsds_table = "service"

    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.SET_NULL)
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.SET_NULL)
    name = models.TextField(null=True, blank=True)
    alternate_name = models.TextField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    url = models.TextField(null=True, blank=True)
    email = models.TextField(null=True, blank=True)
    status = models.TextField(null=True, blank=True)
    interpretation_services = models.TextField(null=True, blank=True)
    application_process = models.TextField(null=True, blank=True)
    fees_description = models.TextField(null=True, blank=True)
    wait_time = models.TextField(null=True, blank=True)
    fees = models.TextField(null=True, blank=True)
    accreditations = models.TextField(null=True, blank=True)
    eligibility_description = models.TextField(null=True, blank=True)
    minimum_age = models.FloatField(null=True, blank=True)
    maximum_age = models.FloatField(null=True, blank=True)
    assured_date = models.TextField(null=True, blank=True)
    assurer_email = models.TextField(null=True, blank=True)
    licenses = models.TextField(null=True, blank=True)
    alert = models.TextField(null=True, blank=True)
    last_modified = models.TextField(null=True, blank=True)

    # Zorgzaam's own fields (not HSDS): kind, publication, last verification, and values
    # derived from the HSDS rows for fast search (kept by search.service_reindex()).
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WELFARE)
    published = models.BooleanField(_("published"), default=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    area = models.ForeignKey(
        "tenancy.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    is_free = models.BooleanField(default=False)
    is_accessible = models.BooleanField(default=False)
    informal_rank = models.PositiveSmallIntegerField(default=1)

    #: not a column: the distance to the searched point, set on search results
    #: (``selectors.distance_km``)
    distance_km: float | None

    class Meta(HsdsModel.Meta):
        verbose_name = _("service")
        indexes = [
            models.Index(fields=["municipality", "published", "latitude", "longitude"]),
            models.Index(fields=["municipality", "published", "kind"]),
            models.Index(fields=["municipality", "last_verified"]),
            # First page without a sort when no text or point narrows the search.
            models.Index(fields=["municipality", "informal_rank", "name", "id"]),
            models.Index(fields=["municipality", "name", "id"]),
        ]


class Location(HsdsModel):
    hsds_table = "location"

    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.SET_NULL)
    location_type = models.TextField(null=True, blank=True)
    url = models.TextField(null=True, blank=True)
    name = models.TextField(null=True, blank=True)
    alternate_name = models.TextField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    transportation = models.TextField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.TextField(null=True, blank=True)
    external_identifier_type = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("location")


class ServiceAtLocation(HsdsModel):
    hsds_table = "service_at_location"

    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE)
    description = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("service at location")


class Contact(HsdsModel):
    hsds_table = "contact"

    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE
    )
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE)
    name = models.TextField(null=True, blank=True)
    title = models.TextField(null=True, blank=True)
    department = models.TextField(null=True, blank=True)
    email = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("contact")


class Phone(HsdsModel):
    hsds_table = "phone"

    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE)
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE
    )
    number = models.TextField(null=True, blank=True)
    extension = models.FloatField(null=True, blank=True)
    type = models.TextField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("phone")


class Address(HsdsModel):
    hsds_table = "address"

    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE)
    attention = models.TextField(null=True, blank=True)
    address_1 = models.TextField(null=True, blank=True)
    address_2 = models.TextField(null=True, blank=True)
    city = models.TextField(null=True, blank=True)
    region = models.TextField(null=True, blank=True)
    state_province = models.TextField(null=True, blank=True)
    postal_code = models.TextField(null=True, blank=True)
    country = models.TextField(null=True, blank=True)
    address_type = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("address")


class Schedule(HsdsModel):
    hsds_table = "schedule"

    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE)
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE
    )
    valid_from = models.TextField(null=True, blank=True)
    valid_to = models.TextField(null=True, blank=True)
    dtstart = models.TextField(null=True, blank=True)
    timezone = models.FloatField(null=True, blank=True)
    until = models.TextField(null=True, blank=True)
    count = models.FloatField(null=True, blank=True)
    wkst = models.TextField(null=True, blank=True)
    freq = models.TextField(null=True, blank=True)
    interval = models.FloatField(null=True, blank=True)
    byday = models.TextField(null=True, blank=True)
    byweekno = models.TextField(null=True, blank=True)
    bymonthday = models.TextField(null=True, blank=True)
    byyearday = models.TextField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    opens_at = models.TextField(null=True, blank=True)
    closes_at = models.TextField(null=True, blank=True)
    schedule_link = models.TextField(null=True, blank=True)
    attending_type = models.TextField(null=True, blank=True)
    notes = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("schedule")


class Funding(HsdsModel):
    hsds_table = "funding"

    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)
    source = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("funding")


class ServiceArea(HsdsModel):
    hsds_table = "service_area"

    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)
    name = models.TextField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    extent = models.TextField(null=True, blank=True)
    extent_type = models.TextField(null=True, blank=True)
    uri = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("service area")


class RequiredDocument(HsdsModel):
    hsds_table = "required_document"

    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)
    document = models.TextField(null=True, blank=True)
    uri = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("required document")


class Language(HsdsModel):
    hsds_table = "language"

    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE)
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.CASCADE)
    name = models.TextField(null=True, blank=True)
    code = models.TextField(null=True, blank=True)
    note = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("language")
        indexes = [models.Index(fields=["code", "service"])]


class Accessibility(HsdsModel):
    hsds_table = "accessibility"

    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE)
    description = models.TextField(null=True, blank=True)
    details = models.TextField(null=True, blank=True)
    url = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("accessibility")


class CostOption(HsdsModel):
    hsds_table = "cost_option"

    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)
    valid_from = models.TextField(null=True, blank=True)
    valid_to = models.TextField(null=True, blank=True)
    option = models.TextField(null=True, blank=True)
    currency = models.TextField(null=True, blank=True)
    amount = models.FloatField(null=True, blank=True)
    amount_description = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("cost option")


class Attribute(HsdsModel):
    hsds_table = "attribute"

    link_id = models.UUIDField(null=True, blank=True, db_index=True)
    taxonomy_term = models.ForeignKey(TaxonomyTerm, null=True, blank=True, on_delete=models.CASCADE)
    link_type = models.TextField(null=True, blank=True)
    link_entity = models.TextField(null=True, blank=True)
    value = models.TextField(null=True, blank=True)

    # Zorgzaam: the row this one was nested in, so the JSON export nests it there again.
    nested_table = models.CharField(max_length=40, blank=True, default="")
    nested_id = models.UUIDField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("attribute")
        indexes = [
            models.Index(fields=["taxonomy_term", "link_id"]),
            models.Index(fields=["link_id", "taxonomy_term"]),
        ]


class Metadata(HsdsModel):
    hsds_table = "metadata"

    resource_id = models.UUIDField(null=True, blank=True, db_index=True)
    resource_type = models.TextField(null=True, blank=True)
    last_action_date = models.TextField(null=True, blank=True)
    last_action_type = models.TextField(null=True, blank=True)
    field_name = models.TextField(null=True, blank=True)
    previous_value = models.TextField(null=True, blank=True)
    replacement_value = models.TextField(null=True, blank=True)
    updated_by = models.TextField(null=True, blank=True)

    # Zorgzaam: the row this one was nested in, so the JSON export nests it there again.
    nested_table = models.CharField(max_length=40, blank=True, default="")
    nested_id = models.UUIDField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("metadata")


class MetaTableDescription(HsdsModel):
    hsds_table = "meta_table_description"

    name = models.TextField(null=True, blank=True)
    language = models.TextField(null=True, blank=True)
    character_set = models.TextField(null=True, blank=True)

    class Meta(HsdsModel.Meta):
        verbose_name = _("meta table description")
