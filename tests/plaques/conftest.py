"""Fixtures of the plaques tests."""

import pytest

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def make_proof(settings, django_capture_on_commit_callbacks):
    """Make a proof version as an officer's request does, then let its transaction commit so the
    render task it enqueued runs (immediate backend, real renderer); the version as stored."""
    from korpu.plaques import services

    def make(actor, plaque, entries=None):
        settings.TASKS = IMMEDIATE
        with django_capture_on_commit_callbacks(execute=True):
            proof = services.do_make_proof(actor=actor, plaque=plaque, entries=entries)
        proof.refresh_from_db()
        return proof

    return make
