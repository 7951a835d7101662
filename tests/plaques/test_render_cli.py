import subprocess
import sys
from pathlib import Path

import ezdxf

from korpu.plaques.cli import main

DATA = Path(__file__).parent / "data"



def _render(tmp_path, *extra, fmt="svg", names=DATA / "names.csv", size="600x400"):
    out = tmp_path / f"plaque.{fmt}"
    argv = [
        "render",
        "--names",
        str(names),
        "--size",
        size,
        "--title",
        "az:Bərpa",
        "--format",
        fmt,
        "--out",
        str(out),
        *extra,
    ]
    return main(argv), out


def test_render_svg_from_csv_writes_the_file(tmp_path):
    code, out = _render(tmp_path, "--qr", "https://korpu.example/p/1")
    assert code == 0 and 'width="600mm"' in out.read_text(encoding="utf-8")


def test_render_dxf_from_csv_writes_a_millimetre_dxf(tmp_path):
    code, out = _render(tmp_path, fmt="dxf")
    assert code == 0 and ezdxf.readfile(out).header["$INSUNITS"] == 4


def test_render_pdf_from_csv_writes_a_pdf(tmp_path):
    code, out = _render(tmp_path, "--dedication", "ar:تم الترميم عام 2026", fmt="pdf")
    assert code == 0 and out.read_bytes().startswith(b"%PDF")


def test_no_panels_reports_panels_needed_and_writes_nothing(tmp_path, capsys):
    names = tmp_path / "many.csv"
    names.write_text("name\n" + "".join(f"Ad Soyad {i}\n" for i in range(2000)), encoding="utf-8")
    code, out = _render(tmp_path, "--no-panels", names=names)
    assert code == 2 and "panels" in capsys.readouterr().err and not list(tmp_path.glob("plaque*"))


def test_names_that_do_not_fit_are_written_as_numbered_panels(tmp_path, capsys):
    names = tmp_path / "many.csv"
    names.write_text("name\n" + "".join(f"Ad Soyad {i}\n" for i in range(1500)), encoding="utf-8")
    code, _out = _render(tmp_path, names=names)
    written = sorted(p.name for p in tmp_path.glob("plaque*.svg"))
    err = capsys.readouterr().err
    assert code == 0 and written[:2] == ["plaque-1.svg", "plaque-2.svg"] and not (tmp_path / "plaque.svg").exists()
    assert f"{len(written)} panels are needed" in err


def test_csv_without_name_column_is_bad_input(tmp_path, capsys):
    names = tmp_path / "bad.csv"
    names.write_text("donor\nƏli\n", encoding="utf-8")
    code, _out = _render(tmp_path, names=names)
    assert code == 2 and "'name' column" in capsys.readouterr().err


def test_malformed_size_is_bad_input(tmp_path):
    assert _render(tmp_path, size="big")[0] == 2


def test_cli_runs_as_a_module(tmp_path):
    out = tmp_path / "m.svg"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "korpu.plaques.cli",
            "render",
            "--names",
            str(DATA / "names.csv"),
            "--size",
            "600x400",
            "--title",
            "Bərpa",
            "--format",
            "svg",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert result.returncode == 0 and out.exists()
