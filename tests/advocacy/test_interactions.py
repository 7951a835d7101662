import datetime as dt

import pytest

from korpu.advocacy import selectors, services
from korpu.core.errors import PermissionDenied, ValidationFailed


def visible(actor):
    return set(selectors.interactions_for(actor).values_list("topic", flat=True))


def test_organisations_see_only_their_own_interactions(interactions, officer, editor, other_officer, member):
    assert visible(officer) == {"Visa facilitation for students", "Private call"}
    assert visible(editor) == {"Visa facilitation for students", "Private call"}
    assert visible(other_officer) == {"B's meeting"}
    assert visible(member) == set()


def test_committee_staff_see_only_interactions_shared_with_the_committee(interactions, staff, admin):
    assert visible(staff) == {"Visa facilitation for students"}
    assert len(visible(admin)) == 3


def test_a_partner_organisation_sees_the_interaction_it_took_part_in(org_a, org_b, officer, other_officer,
                                                                     officials_de):
    services.do_record_interaction(actor=officer, organisation=org_a, kind="hearing", occurred_on=dt.date(2026, 4, 1),
                                   topic="Joint hearing", official_ids=[officials_de["Jonas Brückner"].pk],
                                   partner_ids=[org_b.pk], visibility="organisations")
    assert "Joint hearing" in visible(other_officer)


def test_no_one_records_for_another_organisation(org_b, officer, officials_de):
    with pytest.raises(PermissionDenied):
        services.do_record_interaction(actor=officer, organisation=org_b, kind="meeting",
                                       occurred_on=dt.date(2026, 3, 1), topic="x",
                                       official_ids=[officials_de["Jonas Brückner"].pk])


def test_an_interaction_names_an_official_or_a_body(org_a, officer):
    with pytest.raises(ValidationFailed):
        services.do_record_interaction(actor=officer, organisation=org_a, kind="meeting",
                                       occurred_on=dt.date(2026, 3, 1), topic="Nobody")


def test_register_export_lists_every_meeting_of_the_exporters_organisations(interactions, officer, other_officer):
    rows = list(selectors.register_rows(officer, country="DE", since=dt.date(2026, 1, 1)))
    assert rows == [
        ["2026-03-02", "DE", "meeting", "Katharina Weißmann", "", "Visa facilitation for students",
         "Berlin Azərbaycan Evi"],
        ["2026-03-05", "DE", "call", "Katharina Weißmann", "", "Private call", "Berlin Azərbaycan Evi"],
    ]
    assert [r[5] for r in selectors.register_rows(other_officer)] == ["B's meeting"]
    assert list(selectors.register_rows(officer, until=dt.date(2026, 3, 1))) == []


def test_outcomes_link_to_interactions_and_campaigns_and_feed_the_scorecard(interactions, campaign, org_a, officer,
                                                                            officials_de, member):
    weissmann = officials_de["Katharina Weißmann"]
    outcome = services.do_record_outcome(
        actor=officer, organisation=org_a, kind="statement", stance="supportive", title="Backs visa facilitation",
        occurred_on=dt.date(2026, 3, 20), official=weissmann, interaction_ids=[interactions["shared"].pk],
        campaign_ids=[campaign.pk])
    assert list(outcome.interactions.all()) == [interactions["shared"]]
    card = selectors.scorecard(member, weissmann)
    assert card["outcomes"] == 1 and card["supportive"] == 1 and card["score"] == 100
    assert card["interactions"] == 0  # a member reads no interaction records
    assert selectors.scorecard(officer, weissmann)["interactions"] == 2
    kinds = [item["kind"] for item in selectors.timeline(officer, campaign)]
    assert kinds == ["start", "outcome"]


def test_outcomes_cannot_link_another_organisations_interactions(interactions, org_a, officer, officials_de):
    with pytest.raises(ValidationFailed):
        services.do_record_outcome(actor=officer, organisation=org_a, kind="vote", title="Vote",
                                   occurred_on=dt.date(2026, 3, 20), official=officials_de["Jonas Brückner"],
                                   interaction_ids=[interactions["other"].pk])


def test_activity_by_country_counts_only_readable_interactions(interactions, member, officer):
    assert {r["country"]: r["interactions"] for r in selectors.activity_by_country(member)} == {"DE": 0}
    assert {r["country"]: r["interactions"] for r in selectors.activity_by_country(officer)} == {"DE": 2}


def test_follow_ups_are_added_and_completed_by_the_organisations_involved(interactions, officer, other_officer):
    shared = interactions["shared"]
    item = services.do_add_follow_up(actor=officer, interaction=shared, description="Call back",
                                     due_on=dt.date(2026, 4, 1))
    services.do_complete_follow_up(actor=officer, follow_up=item)
    assert item.done_at is not None
    with pytest.raises(PermissionDenied):
        services.do_add_follow_up(actor=other_officer, interaction=shared, description="x", due_on=dt.date(2026, 4, 1))
