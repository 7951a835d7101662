"""A web server and a worker write to the embedded SQLite database at once: neither may fail."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

WRITER = r"""
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "korpu.settings"
import django; django.setup()
from django.db import transaction
from korpu.core import audit
for i in range(int(sys.argv[1])):
    with transaction.atomic():
        # read-then-write inside one transaction is what deadlocks without IMMEDIATE
        from korpu.core.models import AuditEntry
        AuditEntry.objects.filter(object_type="load").count()
        audit.record(actor=sys.argv[2], action="other", object_type="load", object_id=str(i))
print("done")
"""


@pytest.mark.slow
def test_two_processes_writing_at_once_never_see_database_is_locked(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite3'}", "KORPU_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "-m", "korpu", "manage", "migrate", "-v", "0"], env=env, check=True, timeout=300)
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, "300", name], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for name in ("web", "worker")
    ]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "database is locked" not in err
        assert out.strip() == "done"
    count = subprocess.run(
        [sys.executable, "-m", "korpu", "manage", "shell", "-v", "0", "-c",
         "from korpu.core.models import AuditEntry; print(AuditEntry.objects.filter(object_type='load').count())"],
        env=env, capture_output=True, text=True, check=True, timeout=120,
    )
    assert count.stdout.strip() == "600"
