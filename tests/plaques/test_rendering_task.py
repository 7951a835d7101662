"""A proof version's files are rendered by a background task enqueued on commit: the officer's page
says "being prepared" until the task (real renderer, run by the database worker, no broker) has
made them, then the PDF, SVG and DXF can be downloaded; the version keeps the names it holds."""

import io
import zipfile

import ezdxf
import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from korpu.plaques import services
from korpu.plaques.errors import PlaquesError
from korpu.plaques.models import Proof, ProofStatus, RenderState
from korpu.plaques.rendering import NameEntry
from korpu.plaques.tasks import render_proof
from tests.revival import factories
from tests.revival.fixtures import *  # noqa: F401,F403

NAMES = [NameEntry("Şəmsi Əliyev", "Qızıl"), NameEntry("İlqar Hüseynov", "Gümüş"), NameEntry("Йосиф Ёлкин", "Gümüş"),
         NameEntry("Fikrət Ağayev", "Gümüş")]


@pytest.fixture
def plaque(foundation, fundraising):
    return factories.plaque(foundation, fundraising)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_making_a_version_enqueues_its_rendering_on_commit_and_the_worker_renders_it(
        foundation, plaque, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        proof = services.do_make_proof(actor=foundation, plaque=plaque, entries=NAMES)
        assert not DBTaskResult.objects.exists()        # nothing is queued before the commit
    assert proof.render_state == RenderState.PENDING and proof.pdf is None
    assert [r["text"] for r in proof.names] == ["Şəmsi Əliyev", "Fikrət Ağayev", "İlqar Hüseynov", "Йосиф Ёлкин"]
    for callback in callbacks:
        callback()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "korpu.plaques.tasks.render_proof" and queued.args_kwargs["args"] == [str(proof.pk)]

    client = client_for(foundation)
    page = client.get(f"/plaques/{plaque.pk}/").content.decode()
    assert "being prepared" in page and f"/plaques/proofs/{proof.pk}/proof.pdf" not in page
    assert 'hx-trigger="every 2s"' in page
    assert client.get(f"/plaques/proofs/{proof.pk}/proof.pdf").status_code == 404

    # What `korpu worker` does with the row (its loop also closes connections, which a test's cannot be).
    queued.claim("test-worker")
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=1, worker_id="test-worker", excluded_queue_names=[]).run_task(queued)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL" and queued.return_value == RenderState.READY

    proof.refresh_from_db()
    assert proof.render_state == RenderState.READY and proof.rendered_at is not None
    fragment = client.get(f"/plaques/{plaque.pk}/versions/").content.decode()
    assert "being prepared" not in fragment and "hx-trigger" not in fragment
    assert f"/plaques/proofs/{proof.pk}/proof.pdf" in fragment
    pdf = client.get(f"/plaques/proofs/{proof.pk}/proof.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    for row in proof.names:
        assert row["text"] in text
    package = zipfile.ZipFile(io.BytesIO(client.get(f"/plaques/proofs/{proof.pk}/engraver.zip").content))
    files = sorted(package.namelist())
    assert files == ["plaque-govhar-agha-v1-proof.pdf", "plaque-govhar-agha-v1.dxf", "plaque-govhar-agha-v1.svg"]
    svg = package.read("plaque-govhar-agha-v1.svg").decode()
    assert 'width="600mm"' in svg and "<text" not in svg
    assert all(f'id="{row["line"]}"' in svg for row in proof.names)
    doc = ezdxf.read(io.StringIO(package.read("plaque-govhar-agha-v1.dxf").decode()))
    assert doc.header["$INSUNITS"] == 4


def test_a_version_keeps_its_names_and_settings_when_the_plaque_changes_before_rendering(
        foundation, plaque, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        proof = services.do_make_proof(actor=foundation, plaque=plaque, entries=NAMES)
    services.do_update_plaque(actor=foundation, plaque=plaque, width_mm=900, title={"en": "Another title"})
    render_proof.call(str(proof.pk))
    proof.refresh_from_db()
    page = PdfReader(io.BytesIO(bytes(proof.pdf))).pages[0]
    assert round(float(page.mediabox.width) * 25.4 / 72) == 600       # the size it was made with
    assert "Restoration of the Govhar Agha Mosque" in _pdf_text(bytes(proof.pdf))
    assert [r["text"] for r in proof.names] == ["Şəmsi Əliyev", "Fikrət Ağayev", "İlqar Hüseynov", "Йосиф Ёлкин"]


def test_a_version_being_prepared_cannot_be_approved(foundation, foundation_2, plaque,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        proof = services.do_make_proof(actor=foundation, plaque=plaque, entries=NAMES)
    with pytest.raises(PlaquesError, match="still being prepared"):
        services.do_approve_proof(actor=foundation_2, proof=proof)
    assert Proof.objects.get(pk=proof.pk).status == ProofStatus.DRAFT
    render_proof.call(str(proof.pk))
    assert services.do_approve_proof(actor=foundation_2, proof=proof).status == ProofStatus.APPROVED


def test_rendering_twice_changes_nothing(foundation, plaque, make_proof):
    proof = make_proof(foundation, plaque, NAMES)
    assert render_proof.call(str(proof.pk)) == RenderState.READY
    assert Proof.objects.get(pk=proof.pk).rendered_at == proof.rendered_at


def test_a_version_whose_files_cannot_be_made_says_why_on_its_page(foundation, plaque, client_for,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        proof = services.do_make_proof(actor=foundation, plaque=plaque, entries=NAMES)
    # A name no shipped font covers reaching the renderer (say, a font removed between making and rendering).
    names = [*proof.names[:-1], {**proof.names[-1], "text": "山田太郎"}]
    Proof.objects.filter(pk=proof.pk).update(names=names)
    assert render_proof.call(str(proof.pk)) == RenderState.FAILED
    page = client_for(foundation).get(f"/plaques/{plaque.pk}/").content.decode()
    assert "山田太郎" in page and "No font shipped for plaques" in page
    assert client_for(foundation).get(f"/plaques/proofs/{proof.pk}/proof.pdf").status_code == 404


def test_the_versions_list_reads_a_fixed_number_of_queries_whatever_the_versions(
        foundation, plaque, client_for, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(foundation)

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(f"/plaques/{plaque.pk}/versions/").status_code == 200
        return len(seen)

    with django_capture_on_commit_callbacks(execute=False):
        services.do_make_proof(actor=foundation, plaque=plaque, entries=NAMES)
    one = queries()
    with django_capture_on_commit_callbacks(execute=False):
        for _ in range(3):
            services.do_make_proof(actor=foundation, plaque=plaque, entries=NAMES)
    assert queries() == one
