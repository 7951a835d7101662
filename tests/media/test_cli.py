"""`korpu media ingest` and `korpu media stories`, end to end on the labelled set."""

from __future__ import annotations

import pytest

from tests.media.conftest import ARTICLES, DATA

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_state")]


@pytest.fixture
def copied(tmp_path):
    from korpu.media.quality import copy_with_seen_dates

    return copy_with_seen_dates(ARTICLES, DATA / "labels.csv", tmp_path / "articles")


def test_ingest_prints_a_csv_row_per_item_and_stories_groups_them(copied, capsys):
    from korpu.media import cli
    from korpu.media.quality import score

    assert cli.main(["ingest", str(copied), "--format", "csv"]) == 0
    ingested = capsys.readouterr()
    assert ingested.out.splitlines()[0] == "item,language,place,date,agency,title"
    assert "48/48" in ingested.err and "48/48" not in ingested.out  # the progress bar is on stderr
    assert len(ingested.out.splitlines()) == 51
    assert cli.main(["stories", "--format", "csv"]) == 0
    stories = capsys.readouterr().out
    assert stories.splitlines()[0] == "story,item,language"
    figures = score(ingested.out, stories, DATA / "labels.csv")
    assert figures["items"] == 50 and figures["grouped"] == 50
    assert min(figures["language"], figures["place"], figures["agency"], figures["date"]) >= 0.98
    assert figures["precision"] >= 0.95 and figures["recall"] >= 0.85


def test_ingesting_twice_stores_each_article_once(copied, capsys):
    from korpu.media import cli
    from korpu.media.models import Article

    cli.main(["ingest", str(copied / "s1_en.txt"), str(copied / "feed_en.xml")])
    cli.main(["ingest", str(copied / "s1_en.txt")])
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 5 and Article.objects.count() == 4
    language, place, date, agency, title = out[0].split("\t")
    assert language == "en" and date == "2022-04-23"


def test_stories_survive_a_new_process_with_the_same_ids(copied, capsys):
    from korpu.media import cli
    from korpu.media.processing import STORIES

    cli.main(["ingest", str(copied / "s2_az.txt"), str(copied / "s2_en.html"), str(copied / "s2_ru.txt")])
    capsys.readouterr()
    cli.main(["stories", "--format", "csv"])
    first = capsys.readouterr().out
    STORIES.reset()  # as if a new process started: rebuilt from stored embeddings
    cli.main(["stories", "--format", "csv"])
    assert capsys.readouterr().out == first
    assert len({line.split(",")[0] for line in first.splitlines()[1:]}) == 1


def test_a_database_without_tables_is_told_to_migrate(monkeypatch, capsys):
    from korpu.media import cli

    monkeypatch.setattr(cli, "_needs_migrations", lambda: True)
    assert cli.main(["ingest", "x.txt"]) == 1
    assert capsys.readouterr().err.strip() == "run `korpu manage migrate` first"


def test_a_missing_path_is_an_error(capsys):
    from korpu.media import cli

    assert cli.main(["ingest", "/nonexistent/file.txt"]) == 2
