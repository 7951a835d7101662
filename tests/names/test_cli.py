import subprocess
import sys
from pathlib import Path

from korpu.names.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_key_prints_the_search_keys(capsys):
    assert main(["key", "Fuad Əli oğlu Məmmədov"]) == 0
    assert capsys.readouterr().out == "vd l mmdv\n"


def test_compare_prints_score_verdict_and_reason(capsys):
    assert main(["compare", "Fuad Məmmədov", "Мамедов Фуад"]) == 0
    score, verdict, reason = capsys.readouterr().out.replace("\n", " ", 1).split(" ", 2)
    assert (len(score), verdict, reason.startswith("surname Məmmədov≈Мамедов")) == (5, "same", True)


def test_compare_pairs_prints_one_line_per_pair(tmp_path, capsys):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("name1,name2\nFuad Məmmədov,Мамедов Фуад\nFuad Məmmədov,Fərid Məmmədov\n",
                     encoding="utf-8")
    assert main(["compare", "--pairs", str(pairs)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == ["same", "different"]


def test_compare_pairs_with_missing_file_exits_2_with_message_on_stderr(tmp_path, capsys):
    assert main(["compare", "--pairs", str(tmp_path / "nope.csv")]) == 2
    out, err = capsys.readouterr()
    assert (out, "cannot open" in err) == ("", True)


def test_compare_pairs_with_wrong_header_exits_2(tmp_path, capsys):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("a,b\nFuad,Фуад\n", encoding="utf-8")
    assert main(["compare", "--pairs", str(pairs)]) == 2
    assert capsys.readouterr().out == ""


def test_compare_with_one_name_exits_2(capsys):
    assert main(["compare", "Fuad"]) == 2


def test_module_runs_as_python_dash_m():
    done = subprocess.run([sys.executable, "-m", "korpu.names", "key", "Мамедов"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "mmdv\n")
