"""The person's photo: consented, cleaned of metadata, encrypted at rest, served under the policy."""

from __future__ import annotations

import base64
import os
from datetime import date
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from acollida.core.models import ReadLog
from acollida.people.models import DuplicateCandidate, Person, PersonPhoto
from acollida.people.photos import MAX_UPLOAD_BYTES, photo_normalise
from acollida.people.review import merge, merge_undo
from acollida.people.services import PersonData, person_register
from acollida.people.services_photo import photo_delete, photo_set
from tests.conftest import Network, login

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def _image_bytes(size: tuple[int, int], fmt: str = "JPEG", *, exif: Image.Exif | None = None) -> bytes:
    out = BytesIO()
    image = Image.new("RGB", size, (180, 120, 90))
    if exif is None:
        image.save(out, format=fmt)
    else:
        image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


def _jpeg_with_gps(size: tuple[int, int] = (64, 48), orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # the camera's make
    exif[GPS_IFD] = {1: "N", 2: (39.0, 28.0, 12.0), 3: "W", 4: (0.0, 22.0, 30.0)}
    if orientation is not None:
        exif[ORIENTATION] = orientation
    return _image_bytes(size, exif=exif)


def _stored(person: Person) -> Image.Image:
    photo = PersonPhoto.objects.get(person=person)
    return Image.open(BytesIO(base64.b64decode(photo.image)))


def _register(network: Network, *, protected: bool = False, **fields: object) -> Person:
    data = {"given_name": "Yusuf", "family_name": "Haddad", "date_of_birth": date(1990, 3, 7)} | fields
    return person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(is_protected=protected, **data),  # type: ignore[arg-type]
        candidates_seen=0,
    )


@pytest.fixture
def yusuf(network: Network) -> Person:
    return _register(network)


@pytest.fixture
def with_photo(network: Network, yusuf: Person) -> Person:
    photo_set(actor=network.users["caseworker"], person=yusuf, data=_jpeg_with_gps(), consent_method="spoken")
    return yusuf


def _upload(client: Client, person: Person, content: bytes, name: str = "photo.jpg", **fields: str) -> object:
    data: dict[str, object] = {"consent": "on", "consent_method": "written"} | fields
    data["image"] = SimpleUploadedFile(name, content, content_type="image/jpeg")
    with translation.override("en"):
        return client.post(reverse("people:photo_upload", args=[person.pk]), data)


def _image_errors(response: object) -> list[str]:
    return list(response.context["form"].errors.get("image", []))  # type: ignore[attr-defined]


# --- Cleaning the image ------------------------------------------------------------------------


def test_uploaded_photo_keeps_no_exif_and_no_gps_position(
    network: Network, client: Client, yusuf: Person
) -> None:
    original = _jpeg_with_gps()
    assert Image.open(BytesIO(original)).getexif().get_ifd(GPS_IFD)
    login(client, network.users["caseworker"])
    response = _upload(client, yusuf, original)
    assert response.status_code == 302  # type: ignore[attr-defined]
    stored = _stored(yusuf)
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert b"PhoneMaker" not in base64.b64decode(PersonPhoto.objects.get(person=yusuf).image)


def test_photo_is_turned_upright_from_its_exif_orientation() -> None:
    # Orientation 6: the camera was held on its side; the upright picture is taller than wide.
    cleaned = Image.open(BytesIO(photo_normalise(_jpeg_with_gps((80, 40), orientation=6))))
    assert cleaned.size == (40, 80)


def test_large_png_is_scaled_down_to_480_pixels_on_its_long_side(
    network: Network, client: Client, yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    _upload(client, yusuf, _image_bytes((2000, 1200), "PNG"), name="photo.png")
    assert _stored(yusuf).size == (480, 288)


def test_webp_from_a_phone_is_accepted_and_kept_as_jpeg() -> None:
    cleaned = Image.open(BytesIO(photo_normalise(_image_bytes((120, 90), "WEBP"))))
    assert (cleaned.format, cleaned.size) == ("JPEG", (120, 90))


def test_transparent_png_gets_a_white_background() -> None:
    out = BytesIO()
    Image.new("RGBA", (30, 30), (0, 0, 0, 0)).save(out, format="PNG")
    cleaned = Image.open(BytesIO(photo_normalise(out.getvalue())))
    assert cleaned.mode == "RGB"
    assert cleaned.getpixel((15, 15)) == (255, 255, 255)


def test_text_file_named_jpg_is_refused_with_a_clear_error(
    network: Network, client: Client, yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    response = _upload(client, yusuf, b"name,phone\nYusuf,600112233\n", name="photo.jpg")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert _image_errors(response) == ["This file is not a photo. Choose a JPEG, PNG or WebP image."]
    assert not PersonPhoto.objects.exists()


def test_gif_is_refused_as_an_image_type_not_accepted() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        photo_normalise(_image_bytes((20, 20), "GIF"))
    assert caught.value.messages == ["GIF images are not accepted. Choose a JPEG, PNG or WebP image."]


def test_upload_over_5_mb_is_refused_and_nothing_is_kept(
    network: Network, client: Client, yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    response = _upload(client, yusuf, os.urandom(6 * 1024 * 1024))
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert _image_errors(response) == [
        "The photo is larger than 5 MB. Choose a smaller one or take it again at a lower resolution."
    ]
    assert response.context["form"]["consent_method"].value() == "written"  # type: ignore[attr-defined]
    assert not PersonPhoto.objects.exists()


def test_normalise_refuses_more_than_5_mb() -> None:
    with pytest.raises(ValidationError) as caught:
        photo_normalise(b"\xff\xd8" + bytes(MAX_UPLOAD_BYTES))
    assert caught.value.code == "too_large"


def test_image_that_unpacks_into_too_many_pixels_is_refused() -> None:
    out = BytesIO()
    Image.new("1", (8000, 6000)).save(out, format="PNG")  # 48 megapixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ValidationError) as caught:
        photo_normalise(out.getvalue())
    assert caught.value.code == "too_many_pixels"


def test_truncated_jpeg_is_refused_as_damaged() -> None:
    whole = _image_bytes((400, 300))
    with pytest.raises(ValidationError) as caught:
        photo_normalise(whole[: len(whole) // 3])
    assert caught.value.code == "damaged"


# --- Consent -----------------------------------------------------------------------------------


def test_without_the_consent_box_ticked_nothing_is_kept(
    network: Network, client: Client, yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    response = _upload(client, yusuf, _jpeg_with_gps(), consent="")
    assert response.status_code == 200  # type: ignore[attr-defined]
    errors = response.context["form"].errors  # type: ignore[attr-defined]
    assert errors["consent"] == [
        "The photo can only be kept if the person agrees. Ask them first, and tick the box."
    ]
    assert not PersonPhoto.objects.exists()


def test_how_consent_was_given_must_be_said(network: Network, client: Client, yusuf: Person) -> None:
    login(client, network.users["caseworker"])
    response = _upload(client, yusuf, _jpeg_with_gps(), consent_method="")
    assert "consent_method" in response.context["form"].errors  # type: ignore[attr-defined]
    assert not PersonPhoto.objects.exists()


def test_consent_method_and_uploader_are_recorded(network: Network, client: Client, yusuf: Person) -> None:
    login(client, network.users["caseworker"])
    _upload(client, yusuf, _jpeg_with_gps(), consent_method="interpreter")
    photo = PersonPhoto.objects.get(person=yusuf)
    assert photo.consent_method == PersonPhoto.ConsentMethod.INTERPRETER
    assert photo.uploaded_by == network.users["caseworker"]


def test_upload_form_says_why_the_photo_is_kept_and_that_it_can_be_deleted(
    network: Network, client: Client, yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        page = client.get(reverse("people:photo_upload", args=[yusuf.pk])).content.decode()
    assert "Why we keep a photo" in page
    assert "The person may ask for the photo to be deleted at any time." in page


# --- Storage -----------------------------------------------------------------------------------


def test_stored_column_is_not_the_plaintext_jpeg(network: Network, with_photo: Person) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT image FROM people_personphoto WHERE person_id = %s", [with_photo.pk])
        (raw,) = cursor.fetchone()
    plain = PersonPhoto.objects.get(person=with_photo).image
    assert plain.startswith("/9j/")  # base64 of a JPEG's first bytes, once decrypted
    assert raw != plain
    assert "/9j/" not in raw
    assert b"\xff\xd8\xff" not in raw.encode()


def test_replacing_keeps_one_photo_with_the_new_image_and_consent(
    network: Network, with_photo: Person
) -> None:
    before = PersonPhoto.objects.get(person=with_photo).image
    photo_set(
        actor=network.users["coordinator"],
        person=with_photo,
        data=_image_bytes((300, 300), "PNG"),
        consent_method="written",
    )
    photo = PersonPhoto.objects.get(person=with_photo)
    assert photo.image != before
    assert photo.consent_method == "written"
    assert photo.uploaded_by == network.users["coordinator"]


def test_change_log_records_the_photo_but_not_the_image(network: Network, with_photo: Person) -> None:
    photo = PersonPhoto.objects.get(person=with_photo)
    entry = LogEntry.objects.get_for_object(photo).get()
    assert "consent_method" in entry.changes_dict
    assert "image" not in entry.changes_dict


# --- Serving -----------------------------------------------------------------------------------


def test_photo_is_served_as_a_private_uncached_jpeg(
    network: Network, client: Client, with_photo: Person
) -> None:
    login(client, network.users["caseworker"])
    response = client.get(reverse("people:photo", args=[with_photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    assert response.content.startswith(b"\xff\xd8\xff")


def test_serving_the_photo_is_a_logged_read(network: Network, client: Client, with_photo: Person) -> None:
    login(client, network.users["coordinator"])
    with translation.override("en"):
        client.get(reverse("people:photo", args=[with_photo.pk]))
    row = ReadLog.objects.get(record_type="person", record_id=str(with_photo.pk))
    assert row.user == network.users["coordinator"]
    assert row.organisation == network.cai
    assert row.purpose == "photo"


def test_person_without_photo_has_no_photo_to_serve(network: Network, client: Client, yusuf: Person) -> None:
    login(client, network.users["caseworker"])
    assert client.get(reverse("people:photo", args=[yusuf.pk])).status_code == 404
    assert not ReadLog.objects.exists()


def test_another_organisations_caseworker_gets_404(
    network: Network, client: Client, with_photo: Person
) -> None:
    login(client, network.users["ngo_caseworker"])
    for name in ("people:photo", "people:photo_upload", "people:photo_delete"):
        assert client.get(reverse(name, args=[with_photo.pk])).status_code == 404
    assert not ReadLog.objects.exists()


def test_another_organisation_cannot_set_or_delete_the_photo(network: Network, with_photo: Person) -> None:
    with pytest.raises(PermissionDenied):
        photo_set(
            actor=network.users["ngo_caseworker"],
            person=with_photo,
            data=_jpeg_with_gps(),
            consent_method="spoken",
        )
    with pytest.raises(PermissionDenied):
        photo_delete(actor=network.users["ngo_caseworker"], person=with_photo)
    assert PersonPhoto.objects.filter(person=with_photo).exists()


def test_protected_persons_photo_is_hidden_from_staff_not_named(network: Network, client: Client) -> None:
    protected = _register(network, protected=True)  # the registering caseworker is named
    photo_set(
        actor=network.users["caseworker"], person=protected, data=_jpeg_with_gps(), consent_method="spoken"
    )
    login(client, network.users["coordinator"])  # same organisation, not named
    assert client.get(reverse("people:photo", args=[protected.pk])).status_code == 404
    login(client, network.users["caseworker"])
    assert client.get(reverse("people:photo", args=[protected.pk])).status_code == 200


# --- The person page and deleting --------------------------------------------------------------


def test_person_page_shows_the_photo_with_its_size_and_the_editors_links(
    network: Network, client: Client, with_photo: Person
) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        page = client.get(reverse("people:detail", args=[with_photo.pk])).content.decode()
        photo_url = reverse("people:photo", args=[with_photo.pk])
        delete_url = reverse("people:photo_delete", args=[with_photo.pk])
    # The stored image is 64×48; it is shown 160 px on its long side.
    assert (
        f'<img src="{photo_url}" alt="Photo of the person, kept with their consent" width="160" height="120"'
        in page
    )
    assert 'loading="lazy"' in page
    assert delete_url in page
    assert "Replace photo" in page


def test_person_page_without_photo_offers_to_add_one(network: Network, client: Client, yusuf: Person) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        page = client.get(reverse("people:detail", args=[yusuf.pk])).content.decode()
    assert "<img" not in page
    assert "Add a photo" in page


def test_delete_asks_for_confirmation_first(network: Network, client: Client, with_photo: Person) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.get(reverse("people:photo_delete", args=[with_photo.pk]))
    assert response.status_code == 200
    assert "Yes, delete the photo" in response.content.decode()
    assert PersonPhoto.objects.filter(person=with_photo).exists()


def test_delete_after_confirmation_removes_the_photo(
    network: Network, client: Client, with_photo: Person
) -> None:
    login(client, network.users["caseworker"])
    response = client.post(reverse("people:photo_delete", args=[with_photo.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[with_photo.pk])
    assert not PersonPhoto.objects.filter(person=with_photo).exists()


def test_api_person_says_whether_a_photo_is_kept(
    network: Network, client: Client, with_photo: Person
) -> None:
    login(client, network.users["caseworker"])
    body = client.get(f"/api/v1/persons/{with_photo.pk}").json()
    assert body["has_photo"] is True


# --- Merges ------------------------------------------------------------------------------------


def _pair(network: Network) -> tuple[Person, Person, DuplicateCandidate]:
    first = _register(network, given_name="Oleksandr", family_name="Shevchenko")
    second = _register(network, given_name="Aleksandr", family_name="Sevcenko")
    a, b = sorted((first.pk, second.pk))
    candidate = DuplicateCandidate.objects.create(person_a_id=a, person_b_id=b, score=0.99, decision="match")
    return first, second, candidate


def _give_photo(network: Network, person: Person, colour: tuple[int, int, int]) -> str:
    out = BytesIO()
    Image.new("RGB", (50, 50), colour).save(out, format="PNG")
    photo_set(actor=network.users["caseworker"], person=person, data=out.getvalue(), consent_method="spoken")
    return PersonPhoto.objects.get(person=person).image


def test_merge_keeps_the_survivors_own_photo_when_both_have_one(network: Network) -> None:
    first, second, candidate = _pair(network)
    first_photo = _give_photo(network, first, (200, 0, 0))
    second_photo = _give_photo(network, second, (0, 0, 200))
    record = merge(actor=network.users["coordinator"], candidate=candidate, survivor=first)
    assert PersonPhoto.objects.get(person=first).image == first_photo
    assert PersonPhoto.objects.get(person=second).image == second_photo
    assert record.moved["photos"] == []


def test_merge_moves_the_photo_when_only_the_merged_record_has_one_and_undo_moves_it_back(
    network: Network,
) -> None:
    first, second, candidate = _pair(network)
    second_photo = _give_photo(network, second, (0, 0, 200))
    record = merge(actor=network.users["coordinator"], candidate=candidate, survivor=first)
    assert PersonPhoto.objects.get(person=first).image == second_photo
    assert not PersonPhoto.objects.filter(person=second).exists()

    merge_undo(actor=network.users["coordinator"], merge_record=record)
    assert PersonPhoto.objects.get(person=second).image == second_photo
    assert not PersonPhoto.objects.filter(person=first).exists()


def test_a_merged_record_takes_no_new_photo(network: Network) -> None:
    first, second, candidate = _pair(network)
    merge(actor=network.users["coordinator"], candidate=candidate, survivor=first)
    second.refresh_from_db()
    with pytest.raises(ValidationError):
        photo_set(
            actor=network.users["caseworker"], person=second, data=_jpeg_with_gps(), consent_method="spoken"
        )
