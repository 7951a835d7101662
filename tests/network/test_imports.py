from pathlib import Path

import pytest

from korpu.network import imports
from korpu.network.models import Consent, ImportJob, Membership, NameVariant, Organisation, Person

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
HEADER = "name,country,email\n"


def _check(text: str | bytes, kind="people", filename="x.csv", organisation=None):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return imports.check(content, filename, kind, organisation=organisation)


@pytest.mark.parametrize("filename", ["people.csv", "people.xlsx"])
def test_example_people_file_imports_with_variants_memberships_and_consents(org_a, filename):
    checked = _check((EXAMPLES / filename).read_bytes(), filename=filename, organisation=org_a)
    assert checked.ok, checked.errors
    assert imports.write(checked, actor="system", organisation=org_a) == 5
    ali = Person.objects.get(name="Əli Məmmədov")
    assert set(NameVariant.objects.filter(person=ali).values_list("text", flat=True)) == {"Али Мамедов", "ALI MAMMADOV"}
    assert Membership.objects.filter(organisation=org_a).count() == 5
    assert Consent.objects.filter(person=ali, purpose="share_committee", granted=True).exists()
    assert Person.objects.get(name="Elif Yılmaz").country == "TR"


@pytest.mark.parametrize("filename", ["organisations.csv", "organisations.xlsx"])
def test_example_organisation_file_imports(filename):
    checked = _check((EXAMPLES / filename).read_bytes(), kind="organisations", filename=filename)
    assert checked.ok, checked.errors
    imports.write(checked, actor="system", organisation=None)
    assert Organisation.objects.filter(city="Казань", country="RU").exists()


def test_broken_encoding_is_one_clear_error(org_a):
    checked = _check("name\nƏli\n".encode()[:-3] + b"\xff\xfe\xfa\n", organisation=org_a)
    assert not checked.ok
    checked = _check("name\nMəmmədov\n".encode("cp1254", errors="replace") + b"\x9f\n", organisation=org_a)
    assert not checked.ok and "UTF-8" in checked.errors[0]["message"]


def test_wrong_columns_are_named(org_a):
    checked = _check("nom,pays\nAli,DE\n", organisation=org_a)
    assert [e["row"] for e in checked.errors] == [1, 1]
    assert "nom" in checked.errors[0]["message"]


def test_every_bad_row_is_reported_and_nothing_is_written(org_a):
    rows = [
        "Ali Mammadov,DE,ali@example.org",
        "Ali Mammadov,DE,ali@example.org",  # duplicate row
        "Nigar,Atlantis,nigar@example.org",  # unknown country
        "x" * 5000 + ",DE,",  # 5,000 characters
        "Ali\u202eveyilaM,DE,",  # right-to-left override
        "Ali\x07Bell,DE,",  # control character
        "Rəna,DE,not-an-email",
    ]
    checked = _check(HEADER + "\n".join(rows) + "\n", organisation=org_a)
    assert not checked.ok
    assert sorted({e["row"] for e in checked.errors}) == [3, 4, 5, 6, 7, 8]
    assert all("\u202e" not in e["message"] and "\x07" not in e["message"] for e in checked.errors)
    assert Person.objects.count() == 0


def test_errors_are_translated(org_a, settings):
    from django.utils import translation

    with translation.override("ru"):
        checked = _check("name,country\nAli,Atlantis\n", organisation=org_a)
    assert "Atlantis" in checked.errors[0]["message"] and "страна" in checked.errors[0]["message"].lower()


def test_upload_then_confirm_writes_all_rows_as_a_task(officer, org_a, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    content = (HEADER + "Aysel Əliyeva,DE,aysel@example.org\nMurad Quliyev,DE,\n").encode()
    job = imports.do_upload_import(actor=officer, kind="people", filename="p.csv", content=content, organisation=org_a)
    assert job.status == "previewed" and job.total == 2
    assert Person.objects.count() == 0  # the dry run wrote nothing
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        imports.do_confirm_import(actor=officer, job=job)
    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == "done" and job.written == 2
    assert Membership.objects.filter(organisation=org_a).count() == 2


def test_other_officer_cannot_import_into_organisation_a(other_officer, org_a):
    from korpu.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        imports.do_upload_import(actor=other_officer, kind="people", filename="p.csv", content=b"name\nA\n",
                                 organisation=org_a)


def test_import_page_shows_errors_and_preview(client_for, officer, org_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(officer)
    upload = SimpleUploadedFile("p.csv", b"name,country\nAli,Atlantis\n", content_type="text/csv")
    response = client.post("/network/imports/new/", {"kind": "people", "organisation": str(org_a.pk), "file": upload})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Atlantis" in page.content.decode() and "Nothing was written" in page.content.decode()


def test_cli_import_people_dry_run_and_write(org_a, capsys, tmp_path):
    from korpu.network import cli

    path = EXAMPLES / "people.csv"
    assert cli.import_main(["people", str(path), "--organisation", str(org_a.pk), "--dry-run"]) == 0
    assert Person.objects.count() == 0
    assert cli.import_main(["people", str(path), "--organisation", str(org_a.pk)]) == 0
    assert Person.objects.count() == 5
    bad = tmp_path / "bad.csv"
    bad.write_text("name,country\nAli,Atlantis\n", encoding="utf-8")
    assert cli.import_main(["people", str(bad), "--organisation", str(org_a.pk)]) == 1
    out = tmp_path / "people.xlsx"
    assert cli.export_main(["people", "--format", "xlsx", "-o", str(out)]) == 0
    assert out.stat().st_size > 0
