import json

import pytest

from korpu.advocacy import services
from korpu.advocacy.errors import ImportRejected
from korpu.advocacy.models import Body, BodyKind, Constituency, Official, PostcodeArea, Role
from tests.advocacy.conftest import import_file, popolo


def preview(actor, data, country="DE", kind="popolo", **kw):
    raw = json.dumps(data).encode() if isinstance(data, dict) else data
    return services.do_preview_import(actor=actor, kind=kind, country=country, raw=raw, **kw)


def test_popolo_import_creates_officials_bodies_roles_and_areas(importer):
    counts = import_file(importer, "de", "DE")
    assert counts["officials_created"] == 5
    assert Official.objects.filter(country="DE").count() == 5
    assert Body.objects.get(external_id="de-pg-sk").kind == BodyKind.FRIENDSHIP_GROUP
    assert Body.objects.get(external_id="de-aa").parent.external_id == "de-bundestag"
    weissmann = Official.objects.get(name="Katharina Weißmann")
    assert weissmann.email == "katharina.weissmann@bundestag.example"
    role = Role.objects.get(official=weissmann, body__external_id="de-bundestag")
    assert role.constituency.name == "Berlin-Mitte" and role.party.name == "SPD"
    assert Constituency.objects.filter(country="DE").count() == 5


def test_reimporting_the_same_file_matches_instead_of_duplicating(importer):
    import_file(importer, "de", "DE")
    counts = import_file(importer, "de", "DE")
    assert counts["officials_created"] == 0 and counts["officials_matched"] == 5
    assert Official.objects.count() == 5 and Role.objects.filter(body__external_id="de-bundestag").count() == 5


def test_unknown_fields_are_errors_and_nothing_is_imported(importer):
    data = json.loads(popolo("de"))
    data["persons"][1]["favourite_colour"] = "blue"
    data["parliament_size"] = 736
    batch = preview(importer, data)
    messages = " ".join(e["message"] for e in batch.report["errors"])
    assert "favourite_colour" in messages and "parliament_size" in messages
    assert any(e["where"] == "persons[1]" for e in batch.report["errors"])
    with pytest.raises(ImportRejected):
        services.do_apply_import(actor=importer, batch=batch)
    assert Official.objects.count() == 0 and Body.objects.count() == 0


def test_unknown_fields_may_be_ignored_with_a_warning(importer):
    data = json.loads(popolo("de"))
    data["persons"][0]["favourite_colour"] = "blue"
    batch = preview(importer, data, ignore_unknown=True)
    assert not batch.report["errors"]
    assert "favourite_colour" in batch.report["warnings"][0]["message"]


def test_a_person_without_a_name_stops_the_whole_import(importer):
    data = json.loads(popolo("gb"))
    data["persons"][2]["name"] = "  "
    batch = preview(importer, data, country="GB")
    assert {"where": "persons[2]", "message": "This person has no name."} in batch.report["errors"]
    with pytest.raises(ImportRejected):
        services.do_apply_import(actor=importer, batch=batch)
    assert Official.objects.count() == 0


def test_duplicate_officials_in_a_file_are_reported(importer):
    data = json.loads(popolo("fr"))
    twin = dict(data["persons"][1], id="fr-p99")
    data["persons"].append(twin)
    data["persons"].append(dict(data["persons"][0]))  # the same id twice
    batch = preview(importer, data, country="FR")
    messages = [e["message"] for e in batch.report["errors"]]
    assert any("duplicates persons[1]" in m for m in messages)
    assert any("used twice" in m for m in messages)


def test_memberships_pointing_nowhere_are_errors(importer):
    data = json.loads(popolo("fr"))
    data["memberships"][0]["person_id"] = "nobody"
    batch = preview(importer, data, country="FR")
    assert any("nobody" in e["message"] for e in batch.report["errors"])


def test_invalid_json_is_a_clear_error(importer):
    batch = preview(importer, b"{not json", country="FR")
    assert "not valid JSON" in batch.report["errors"][0]["message"]


def test_people_are_matched_across_scripts(importer):
    import_file(importer, "ru", "RU")
    csv_text = "name,body,role,email\nAleksey Vorontsov,Государственная дума,Deputy,a.vorontsov@duma.example\n"
    batch = preview(importer, csv_text.encode(), country="RU", kind="officials_csv")
    assert batch.report["matches"][0]["official"] == "Алексей Воронцов"
    services.do_apply_import(actor=importer, batch=batch)
    assert Official.objects.filter(country="RU").count() == 3
    official = Official.objects.get(name="Алексей Воронцов")
    assert official.email == "a.vorontsov@duma.example"


def test_officials_csv_with_unknown_columns_is_refused(importer):
    batch = preview(importer, b"name,shoe_size\nAnna Schmidt,38\n", kind="officials_csv")
    assert "shoe_size" in batch.report["errors"][0]["message"]


def test_postcode_table_maps_postcodes_to_constituencies(importer, officials_de):
    counts = import_file(importer, "", "DE", kind="postcodes_csv",
                         raw=b"postcode;constituency\n10117;Berlin-Mitte\n101 17;Berlin-Mitte\n")
    assert counts["postcodes"] == 1
    assert PostcodeArea.objects.get(postcode="10117").constituency.name == "Berlin-Mitte"


def test_an_applied_import_cannot_be_applied_twice(importer):
    batch = preview(importer, popolo("gb"), country="GB")
    services.do_apply_import(actor=importer, batch=batch)
    from korpu.core.errors import Conflict

    with pytest.raises(Conflict):
        services.do_apply_import(actor=importer, batch=batch)


def test_members_cannot_import(member):
    from korpu.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        preview(member, popolo("gb"), country="GB")


def test_adding_an_official_by_hand_refuses_a_duplicate_in_another_script(importer):
    import_file(importer, "ru", "RU")
    from korpu.core.errors import Conflict

    with pytest.raises(Conflict) as caught:
        services.do_create_official(actor=importer, country="RU", name="Elmira Gasanova")
    assert "Эльмира Гасанова" in str(caught.value.message)
