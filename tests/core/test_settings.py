"""Settings from the environment, checked through the real `korpu` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

KORPU = [sys.executable, "-m", "korpu"]


def run_korpu(args, tmp_path: Path, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "KORPU_HTTPS", "DJANGO_SETTINGS_MODULE"}}
    full_env.update({"KORPU_VAR_DIR": str(tmp_path / "var"), **env})
    return subprocess.run([*KORPU, *args], capture_output=True, text=True, env=full_env, timeout=120)


def test_version_prints_the_package_version(tmp_path):
    import korpu

    result = run_korpu(["--version"], tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"korpu {korpu.__version__}"


def test_wrong_database_url_gives_one_clear_line(tmp_path):
    result = run_korpu(["manage", "check"], tmp_path, DATABASE_URL="mysqll://nobody@nowhere/x")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DATABASE_URL" in lines[0] and "Traceback" not in result.stderr


def test_unreachable_database_gives_one_clear_line_without_the_password(tmp_path):
    result = run_korpu(["manage", "migrate"], tmp_path,
                       DATABASE_URL="postgres://korpu:s3cret@127.0.0.1:1/korpu")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "cannot use the database" in lines[0]
    assert "s3cret" not in result.stderr


def test_secret_key_is_generated_once_and_kept(tmp_path):
    script = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_korpu(["manage", "shell", "-v", "0", "-c", script], tmp_path)
    second = run_korpu(["manage", "shell", "-v", "0", "-c", script], tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip()
    assert len(first.stdout.strip()) >= 50
    assert oct((tmp_path / "var" / "secret_key").stat().st_mode)[-3:] == "600"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_korpu(["manage", "check"], tmp_path, KORPU_HTTPS="1")
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_prints_no_warning_under_production_settings(tmp_path):
    result = run_korpu(
        ["manage", "check", "--deploy", "--fail-level", "WARNING"], tmp_path,
        DEBUG="0", KORPU_HTTPS="1", ALLOWED_HOSTS="korpu.example.org",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        SECRET_KEY="x" * 20 + "production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_is_off_by_default(tmp_path):
    result = run_korpu(["manage", "shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)"], tmp_path)
    assert result.stdout.strip() == "False"
