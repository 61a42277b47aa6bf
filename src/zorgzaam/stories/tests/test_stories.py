"""Telling, de-identifying, reviewing and publishing stories; who sees what."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.testing import PersonFactory, login
from zorgzaam.stories import services
from zorgzaam.stories.models import Audience, Story
from zorgzaam.stories.periods import period_bounds, period_of, period_shift
from zorgzaam.stories.selectors import domains_for

pytestmark = pytest.mark.django_db

TEXT = (
    "Sinds Karim Bouzid elke dinsdag langskomt voor de boodschappen durf ik weer naar "
    "buiten. Hij belde mij eerst op 06-41234567. Via het Huis van Alles kreeg ik een maatje."
)


@pytest.fixture
def teller(world):
    user = world.users[Role.RESIDENT]
    user.first_name, user.last_name = "Wilma", "de Boer"
    user.save()
    PersonFactory(
        municipality=world.municipality,
        user=user,
        given_name="Wilma",
        infix="de",
        family_name="Boer",
        postcode_area=world.person_a.postcode_area,
        area=world.village_a,
        phone="0182-123456",
        street_address="Molenweg 3",
    )
    user.refresh_from_db()
    return user


def _form(world, **extra):
    data = {
        "text": TEXT,
        "title": "Weer naar buiten",
        "domain": domains_for(world.municipality).first().pk,
        "area": world.village_a.pk,
        "period": period_of(timezone.localdate()),
        "audience": Audience.MUNICIPALITY,
        "helpers": ["informal"],
        "record_kind": "",
        "record_id": "",
    }
    data.update(extra)
    return data


def _tell(client, world, capture, **extra):
    with capture(execute=True):
        response = client.post("/stories/new/", _form(world, **extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Story.objects.latest("created_at")


def test_tell_deidentify_review_approve(
    client, world, teller, deidentifier, django_capture_on_commit_callbacks
):
    login(client, teller)
    assert client.get("/stories/new/").status_code == 200
    story = _tell(
        client,
        world,
        django_capture_on_commit_callbacks,
        text=TEXT + " Groet, Wilma de Boer, Molenweg 3.",
        title="Dank aan Karim Bouzid",
    )
    assert "Bouzid" not in story.title and story.title.startswith("Dank aan")
    assert story.status == Story.Status.DEIDENTIFIED
    assert story.original_text.startswith("Sinds Karim Bouzid")
    for leak in ("Karim", "Bouzid", "41234567", "Wilma", "Boer", "Molenweg"):
        assert leak not in story.text, leak
    assert "Huis van Alles" in story.text and "maatje" in story.text
    assert story.deid_summary.get("PERSOON", 0) >= 2
    page = client.get(f"/stories/{story.public_id}/").content.decode()
    assert "[PERSOON-1]" in page and "Goedkeuren" in page
    # Before approval the policy officer cannot read it.
    officer = login(client.__class__(), world.users[Role.POLICY_OFFICER])
    assert officer.get(f"/stories/{story.public_id}/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/stories/{story.public_id}/review/",
            {"text": story.text, "audience": Audience.COUNCIL, "approve": "1"},
        )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.APPROVED and story.audience == Audience.COUNCIL
    assert story.original_retain_until > timezone.localdate()
    assert officer.get(f"/stories/{story.public_id}/").status_code == 200
    assert "Karim" not in officer.get(f"/stories/{story.public_id}/").content.decode()
    assert AuditEvent.objects.filter(event="stories.approve", target_id=str(story.public_id))
    # The audit log holds no story text.
    assert not AuditEvent.objects.filter(reason__icontains="Karim").exists()
    body = client.get(f"/stories/{story.public_id}/").content.decode()
    assert "goedgekeurd" in body


def test_edited_text_is_checked_again_before_approval(
    client, world, teller, deidentifier, django_capture_on_commit_callbacks
):
    login(client, teller)
    story = _tell(client, world, django_capture_on_commit_callbacks)
    edited = story.text + " Ook buurvrouw Truus Kamphuis hielp."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/stories/{story.public_id}/review/",
            {"text": edited, "audience": Audience.MUNICIPALITY, "approve": "1"},
        )
    story.refresh_from_db()
    assert story.status == Story.Status.DEIDENTIFIED, "changed text is not approved blindly"
    assert "Kamphuis" not in story.text


def test_record_aware_linked_person_is_removed(
    world, teller, deidentifier, django_capture_on_commit_callbacks
):
    linked = PersonFactory(
        municipality=world.municipality,
        given_name="Zeynep",
        family_name="Yilmazoglu",
        postcode_area=world.person_a.postcode_area,
        phone="06 9876 5432",
    )
    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_create(
            teller=teller,
            text="Zeynep kwam elke week. Bel haar op 06 9876 5432, zei Yilmazoglu zelf.",
            domain=domains_for(world.municipality).first(),
            area=world.village_a,
            period=period_of(timezone.localdate()),
            linked_persons=[linked],
            record_kind="buddy",
            record_id=uuid.uuid4(),
        )
    story.refresh_from_db()
    for leak in ("Zeynep", "Yilmazoglu", "9876"):
        assert leak not in story.text


def test_visibility_team_only_and_original(
    client, world, teller, deidentifier, django_capture_on_commit_callbacks
):
    login(client, teller)
    story = _tell(client, world, django_capture_on_commit_callbacks, audience=Audience.TEAM)
    services.story_review(
        story=story, actor=teller, text=story.text, audience=Audience.TEAM, approve=True
    )
    officer = login(client.__class__(), world.users[Role.POLICY_OFFICER])
    assert officer.get(f"/stories/{story.public_id}/").status_code == 403
    pro = login(client.__class__(), world.users[Role.PROFESSIONAL])
    assert pro.get(f"/stories/{story.public_id}/").status_code == 200
    original = pro.get(f"/stories/{story.public_id}/original/")
    assert original.status_code == 200 and "Karim Bouzid" in original.content.decode()
    assert AuditEvent.objects.filter(event="stories.original_view").exists()
    other_team = login(client.__class__(), world.users["professional_b"])
    assert other_team.get(f"/stories/{story.public_id}/original/").status_code == 403
    assert client.get(f"/stories/{uuid.uuid4()}/").status_code == 404
    foreign = login(client.__class__(), world.other_professional)
    assert foreign.get(f"/stories/{story.public_id}/").status_code == 403


def test_bad_input_keeps_what_was_typed(client, world, teller):
    login(client, teller)
    response = client.post("/stories/new/", _form(world, text="Kort."))
    assert response.status_code == 200
    assert "Kort." in response.content.decode()
    assert not Story.objects.exists()
    response = client.post("/stories/new/", _form(world, record_kind="buddy"))
    assert response.status_code == 200 and not Story.objects.exists()


def _png(size=(40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format="PNG")
    return out.getvalue()


def test_photo_needs_consent_and_a_real_image(
    client, world, teller, deidentifier, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    login(client, teller)
    fake = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post("/stories/new/", {**_form(world), "photo": fake, "photo_consent": "on"})
    assert response.status_code == 200 and not Story.objects.exists()
    assert "foto" in response.content.decode().lower()
    good = SimpleUploadedFile("x.png", _png(), content_type="image/png")
    response = client.post("/stories/new/", {**_form(world), "photo": good})
    assert response.status_code == 200 and not Story.objects.exists()
    settings.STORY_PHOTO_MAX_BYTES = 10
    big = SimpleUploadedFile("x.png", _png(), content_type="image/png")
    response = client.post("/stories/new/", {**_form(world), "photo": big, "photo_consent": "on"})
    assert response.status_code == 200 and not Story.objects.exists()
    settings.STORY_PHOTO_MAX_BYTES = 5 * 1024 * 1024
    good = SimpleUploadedFile("x.png", _png(), content_type="image/png")
    story = _tell(
        client,
        world,
        django_capture_on_commit_callbacks,
        photo=good,
        photo_consent="on",
        photo_alt="Karim Bouzid op een bankje",
    )
    assert story.photo and story.photo_consent
    assert "Bouzid" not in story.photo_alt
    photo = client.get(f"/stories/{story.public_id}/photo/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    officer = login(client.__class__(), world.users[Role.POLICY_OFFICER])
    assert officer.get(f"/stories/{story.public_id}/photo/").status_code == 403


def test_withdraw_hides_the_story(
    client, world, teller, deidentifier, django_capture_on_commit_callbacks
):
    login(client, teller)
    story = _tell(client, world, django_capture_on_commit_callbacks)
    services.story_review(
        story=story, actor=teller, text=story.text, audience=Audience.MUNICIPALITY, approve=True
    )
    assert client.post(f"/stories/{story.public_id}/withdraw/").status_code == 302
    officer = login(client.__class__(), world.users[Role.POLICY_OFFICER])
    assert officer.get(f"/stories/{story.public_id}/").status_code == 403
    assert AuditEvent.objects.filter(event="stories.withdraw").exists()


def test_purge_blanks_expired_originals(
    world, teller, deidentifier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_create(
            teller=teller,
            text=TEXT,
            domain=domains_for(world.municipality).first(),
            area=world.village_a,
            period=period_of(timezone.localdate()),
        )
    story.refresh_from_db()
    services.story_review(
        story=story, actor=teller, text=story.text, audience=Audience.MUNICIPALITY, approve=True
    )
    Story.objects.filter(pk=story.pk).update(
        original_retain_until=timezone.localdate() - timedelta(days=1)
    )
    out = io.StringIO()
    call_command("stories", "purge", stdout=out)
    assert "1 " in out.getvalue()
    story.refresh_from_db()
    assert story.original_text == "" and story.original_purged_at and story.text
    assert AuditEvent.objects.filter(event="stories.original_purge").exists()


def test_cli_deidentify(monkeypatch, capsys, deidentifier):
    monkeypatch.setattr("sys.stdin", io.StringIO("Bel Jan de Vries op +31 6 1234 5678."))
    call_command("stories", "deidentify")
    out = capsys.readouterr().out
    assert "[TELEFOON-1]" in out and "Vries" not in out


def test_service_refuses_foreign_village(world, teller):
    with pytest.raises(ApplicationError):
        services.story_create(
            teller=teller,
            text=TEXT,
            domain=domains_for(world.municipality).first(),
            area=world.other_person.area,
            period="2026-Q1",
        )


def test_periods():
    assert period_bounds("2026-Q3")[0].isoformat() == "2026-07-01"
    assert period_bounds("2026-Q4")[1].isoformat() == "2026-12-31"
    assert period_shift("2026-Q1", -1) == "2025-Q4"
    with pytest.raises(ApplicationError):
        period_bounds("2026-Q5")


def test_process_drafts_catches_up(world, teller, deidentifier):
    with pytest.MonkeyPatch.context() as mp:  # the worker is down: nothing runs on commit
        mp.setattr("zorgzaam.stories.services.telling._enqueue_deidentify", lambda story: None)
        story = services.story_create(
            teller=teller,
            text=TEXT,
            domain=domains_for(world.municipality).first(),
            area=world.village_a,
            period=period_of(timezone.localdate()),
        )
    assert story.status == Story.Status.DRAFT
    out = io.StringIO()
    call_command("stories", "process-drafts", stdout=out)
    story.refresh_from_db()
    assert story.status == Story.Status.DEIDENTIFIED and "Bouzid" not in story.text
    assert "1 story" in out.getvalue()


def _bilevel_png(size) -> bytes:
    """A photo of many pixels in a few hundred KB (one bit a pixel, compressed)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", size).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("size", [(12000, 7400), (15000, 12000)])
def test_a_photo_of_too_many_pixels_is_refused_clearly(client, world, teller, settings, size):
    """Issue #15: file size was checked, pixels were not: 12000 x 7400 px doubled the
    worker's memory and 15000 x 12000 px was a 500 (DecompressionBombError)."""
    from zorgzaam.stories.services import photo_clean

    data = _bilevel_png(size)
    assert len(data) < settings.STORY_PHOTO_MAX_BYTES
    with pytest.raises(ApplicationError, match="megapixel"):
        photo_clean(SimpleUploadedFile("x.png", data, content_type="image/png"))
    login(client, teller)
    upload = SimpleUploadedFile("x.png", data, content_type="image/png")
    response = client.post(
        "/stories/new/", {**_form(world), "photo": upload, "photo_consent": "on"}
    )
    assert response.status_code == 200 and not Story.objects.exists()
    assert "megapixel" in response.content.decode()


def test_a_photo_is_stored_without_its_location_or_other_metadata():
    from PIL import Image

    from zorgzaam.stories.services import photo_clean

    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 2.0, 30.0), 3: "E", 4: (4.0, 42.0, 0.0)}  # GPS
    source = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 40)).save(source, format="JPEG", exif=exif)
    assert Image.open(io.BytesIO(source.getvalue())).getexif().get_ifd(0x8825)
    data = photo_clean(SimpleUploadedFile("x.jpg", source.getvalue())).read()
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG" and stored.size == (64, 48)
    assert not stored.getexif() and "exif" not in stored.info
    assert b"Camera maker" not in data


def test_the_team_reads_an_unreviewed_story_only_after_the_second_factor_and_audited(
    client, world, teller, settings, tmp_path
):
    """Issue #15: a professional read stories and photos not yet reviewed (names may still
    be in them) with a password only, and no audit line said so."""
    from django.core.files.base import ContentFile

    from zorgzaam.stories.tests.factories import approved_story

    settings.MEDIA_ROOT = tmp_path
    story = approved_story(world, teller=teller, teller_person=teller.person)
    Story.objects.filter(pk=story.pk).update(status=Story.Status.DEIDENTIFIED)
    story.refresh_from_db()
    story.photo.save("x.jpg", ContentFile(_png()), save=True)
    prof = world.users[Role.PROFESSIONAL]
    for url in (f"/stories/{story.public_id}/", f"/stories/{story.public_id}/photo/"):
        client.logout()
        login(client, prof, verified=False)
        before = AuditEvent.objects.filter(event="stories.view").count()
        response = client.get(url)
        assert response.status_code == 302 and "/account/2fa/" in response["Location"], url
        assert AuditEvent.objects.filter(event="stories.view").count() == before
        login(client, prof)
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    views = AuditEvent.objects.filter(event="stories.view")
    assert views.count() == 2
    assert {v.subject_id for v in views} == {teller.person.public_id}
    # The teller reads their own story without either; published stories stay open.
    login(client, teller)
    assert client.get(f"/stories/{story.public_id}/").status_code == 200
    assert AuditEvent.objects.filter(event="stories.view").count() == 2
