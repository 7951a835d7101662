"""Engagements: introduction with both sides' consent, sessions, outcomes, feedback, dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from korpu.core.models import AuditEntry
from korpu.expertise import selectors, services
from korpu.expertise.errors import ExpertiseError
from korpu.expertise.models import EngagementStatus, ExpertProfile, NeedStatus


def test_full_engagement_from_introduction_to_feedback(need, institution, cardiologist):
    expert_user = cardiologist.person.user
    engagement = services.do_propose_engagement(actor=institution, need=need, profile=cardiologist)
    assert engagement.status == EngagementStatus.PROPOSED and engagement.institution_agreed_at
    engagement = services.do_agree_engagement(actor=expert_user, engagement=engagement)
    assert engagement.status == EngagementStatus.AGREED
    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    services.do_set_engagement_status(actor=expert_user, engagement=engagement, status="in_progress")
    services.do_log_session(actor=expert_user, engagement=engagement, held_on=dt.date.today(), hours="2.5")
    services.do_record_outcome(actor=institution, engagement=engagement, kind="trained", count=12)
    services.do_give_feedback(actor=institution, engagement=engagement, rating=5, comment="Excellent")
    services.do_give_feedback(actor=expert_user, engagement=engagement, rating=4)
    services.do_set_engagement_status(actor=institution, engagement=engagement, status="completed")
    board = selectors.dashboard()
    assert board["by_country"][0]["expert_country"] == "DE"
    assert float(board["total_hours"]) == 2.5
    assert AuditEntry.objects.filter(object_type="expertise.engagement").count() >= 4


def test_a_completed_engagement_cannot_restart(need, institution, cardiologist):
    engagement = services.do_propose_engagement(actor=institution, need=need, profile=cardiologist)
    services.do_set_engagement_status(actor=institution, engagement=engagement, status="cancelled")
    with pytest.raises(ExpertiseError):
        services.do_set_engagement_status(actor=institution, engagement=engagement, status="in_progress")


def test_other_institution_cannot_propose_for_this_need(need, cardiologist, other_officer):
    from korpu.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.do_propose_engagement(actor=other_officer, need=need, profile=cardiologist)


def test_staff_verify_a_credential_and_who_and_when_is_kept(cardiologist, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = SimpleUploadedFile("diploma.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    credential = services.do_upload_credential(actor=cardiologist.person.user, profile=cardiologist,
                                               kind="degree", title="MD, Charité", document=doc)
    services.do_verify_credential(actor=staff, credential=credential, verified=True)
    cardiologist.refresh_from_db()
    assert cardiologist.credentials_verified_by == staff and cardiologist.is_verified
    credential.document.delete(save=False)


def test_erasing_the_person_removes_the_profile_and_keeps_the_counts(need, institution, cardiologist, admin):
    from korpu.network.services import do_erase_person

    engagement = services.do_propose_engagement(actor=institution, need=need, profile=cardiologist)
    do_erase_person(actor=admin, person=cardiologist.person)
    assert not ExpertProfile.objects.filter(pk=cardiologist.pk).exists()
    engagement.refresh_from_db()
    assert engagement.expert_id is None and engagement.expert_country == "DE"


def test_digest_lists_the_needs_an_expert_fits(need, cardiologist):
    items = selectors.digest_for(cardiologist)
    assert items and items[0][0] == need
