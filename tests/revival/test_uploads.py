import io

import pytest
from PIL import Image

from korpu.revival import services
from korpu.revival.errors import InvalidUpload
from tests.revival import factories


def test_uploaded_photos_lose_their_gps_and_owner(foundation, fundraising):
    original = factories.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)
    photo = services.do_add_photo(actor=foundation, project=fundraising, upload=factories.upload(original),
                                  kind="before")
    stored = photo.image.open("rb").read()
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif()
    assert b"Leyla" not in stored and b"PhoneMaker" not in stored
    assert (photo.width, photo.height) == (64, 48)


def test_evidence_photos_are_cleaned_too(foundation, fundraising):
    milestone = services.do_add_milestone(actor=foundation, project=fundraising, title={"en": "Roof"})
    evidence = services.do_add_evidence(actor=foundation, milestone=milestone, kind="photo",
                                        upload=factories.upload(factories.jpeg_with_gps()))
    assert b"Leyla" not in evidence.file.open("rb").read()


def test_a_pdf_document_is_kept_as_evidence(foundation, fundraising):
    milestone = services.do_add_milestone(actor=foundation, project=fundraising, title={"en": "Roof"})
    evidence = services.do_add_evidence(actor=foundation, milestone=milestone, kind="document",
                                        upload=factories.upload(b"%PDF-1.4\n%%EOF\n", "act.pdf"))
    assert evidence.content_type == "application/pdf"


def test_a_file_that_is_not_an_image_is_refused(foundation, fundraising):
    with pytest.raises(InvalidUpload):
        services.do_add_photo(actor=foundation, project=fundraising, upload=factories.upload(b"<svg>", "x.jpg"),
                              kind="before")


def test_photos_are_served_from_public_projects_only(client, foundation, fundraising, proposed):
    shown = services.do_add_photo(actor=foundation, project=fundraising,
                                  upload=factories.upload(factories.jpeg_with_gps()), kind="after")
    hidden = services.do_add_photo(actor=foundation, project=proposed,
                                   upload=factories.upload(factories.jpeg_with_gps()), kind="before")
    response = client.get(f"/revival/photos/{shown.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(f"/revival/photos/{hidden.pk}/").status_code == 404


def test_photo_upload_through_the_officers_page(foundation, fundraising, client_for):
    response = client_for(foundation).post("/revival/manage/govhar-agha/photos/", {
        "kind": "before", "image": factories.upload(factories.jpeg_with_gps())})
    assert response.status_code == 302
    assert fundraising.photos.count() == 1
