import pytest

from korpu.plaques.cli import main
from tests.revival import factories
from tests.revival.fixtures import *  # noqa: F401,F403


@pytest.fixture
def donated(fundraising):
    factories.give(fundraising, 150_000, key="a", donor=factories.donor("Şəmsi Əliyev"))
    factories.give(fundraising, 20_000, key="b", donor=factories.donor("Zaur Həsənov"))
    factories.give(fundraising, 20_000, key="c", donor=factories.donor("Nərmin Quliyeva", display="anonymous"))
    return fundraising


def test_project_mode_renders_the_ledgers_names_to_svg(foundation, donated, tmp_path, capsys):
    factories.plaque(foundation, donated)
    out = tmp_path / "plaque.svg"
    assert main(["render", "--project", donated.slug, "--format", "svg", "--out", str(out)]) == 0
    svg = out.read_text()
    assert 'data-text="Şəmsi Əliyev"' in svg and 'data-text="Zaur Həsənov"' in svg
    assert "Nərmin" not in svg
    assert "1 anonymous" in capsys.readouterr().out


def test_project_mode_without_a_plaque_uses_the_projects_title(donated, tmp_path):
    out = tmp_path / "plaque.pdf"
    assert main(["render", "--project", str(donated.pk), "--size", "600x400", "--format", "pdf",
                 "--out", str(out)]) == 0
    assert out.read_bytes()[:5] == b"%PDF-"


def test_project_mode_threshold_that_names_nobody_is_bad_input(donated, tmp_path, capsys):
    out = tmp_path / "plaque.svg"
    assert main(["render", "--project", donated.slug, "--size", "600x400", "--threshold", "1000000",
                 "--format", "svg", "--out", str(out)]) == 2
    assert "threshold" in capsys.readouterr().err
    assert not out.exists()


def test_project_mode_unknown_project_is_bad_input(db, tmp_path, capsys):
    assert main(["render", "--project", "no-such", "--format", "svg", "--out", str(tmp_path / "x.svg")]) == 2
    assert "no-such" in capsys.readouterr().err


def test_project_mode_writes_numbered_panels(foundation, fundraising, tmp_path):
    for n in range(60):
        factories.give(fundraising, 20_000, key=f"k{n}", donor=factories.donor(f"Donor Nümunə {n:03d}"))
    out = tmp_path / "plaque.svg"
    code = main(["render", "--project", fundraising.slug, "--size", "300x200", "--format", "svg",
                 "--out", str(out)])
    assert code == 0
    assert (tmp_path / "plaque-1.svg").exists() and (tmp_path / "plaque-2.svg").exists()
