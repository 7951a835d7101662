"""Concurrent writers: retries racing each other count once; a pledge resolves once; chains stay whole."""

from __future__ import annotations

import random
import threading

import pytest
from django.db import connection, connections

from korpu.giving.errors import AlreadyResolved
from korpu.giving.models import Gift, Transfer

# Threads need their own connections to one database: PostgreSQL here; SQLite's in-memory test
# database locks whole tables, so SQLite is tested with processes on a file (test_sqlite_processes).
threaded = [pytest.mark.django_db(transaction=True),
            pytest.mark.skipif(connection.vendor != "postgresql", reason="thread concurrency needs PostgreSQL")]


def _run(workers: int, job) -> list:
    errors: list = []
    barrier = threading.Barrier(workers)

    def wrapped(n):
        try:
            barrier.wait()
            job(n)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrapped, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


@pytest.fixture
def world(db):
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from korpu.giving.models import ExchangeRate
    from korpu.giving.services import do_create_campaign, do_create_fund

    ExchangeRate.objects.create(day=timezone.localdate(), currency="USD", quote="AZN", rate=Decimal("1.7"), source="cbar")
    fund = do_create_fund(actor="system", code="f", names={"en": "F"})
    now = timezone.now()
    campaign = do_create_campaign(actor="system", slug="c", titles={"en": "C"}, starts_at=now - dt.timedelta(hours=1),
                                  ends_at=now + dt.timedelta(hours=1), base_currency="AZN", goal_minor=1, funds=[fund])
    return campaign, fund


@threaded[0]
@threaded[1]
def test_racing_retries_count_once(world):
    from korpu.giving.cli import check_ledger
    from korpu.giving.services import GiftIntent, do_record_gifts

    workers, keys = 6, 60
    campaign, fund = world

    def job(n):
        order = list(range(keys))
        random.Random(n).shuffle(order)
        for start in range(0, keys, 5):
            intents = [GiftIntent(key=f"k{i}", fund_id=fund.pk, amount_minor=100 + i, currency="USD" if i % 2 else "AZN",
                                  channel="api", campaign_id=campaign.pk, country="DE") for i in order[start:start + 5]]
            do_record_gifts(actor="system", intents=intents)

    errors = _run(workers, job)
    assert not errors, errors
    assert Transfer.objects.count() == keys and Gift.objects.count() == keys
    assert check_ledger() == []


@threaded[0]
@threaded[1]
def test_a_pledge_is_paid_once_under_contention(world):
    from korpu.giving.cli import check_ledger
    from korpu.giving.services import do_enter_pledge, do_pay_pledge

    campaign, fund = world
    pledge, _ = do_enter_pledge(actor="system", key="p", fund=fund, campaign=campaign, amount_minor=500, currency="AZN")
    paid: list = []

    def job(n):
        try:
            paid.append(do_pay_pledge(actor="system", pledge=pledge, amount_minor=500, key=f"pay{n}"))
        except AlreadyResolved:
            pass

    errors = _run(4, job)
    assert not errors, errors
    assert len(paid) == 1 and Gift.objects.count() == 1
    assert check_ledger() == []


WRITER = r"""
import os, sys, random
import django; django.setup()
from korpu.giving.services import GiftIntent, do_record_gifts
from korpu.giving.models import Fund, Campaign
fund, campaign = Fund.objects.get(code="f"), Campaign.objects.get(slug="c")
order = list(range(80)); random.Random(sys.argv[1]).shuffle(order)
for start in range(0, 80, 4):
    do_record_gifts(actor="system", intents=[GiftIntent(key=f"k{i}", fund_id=fund.pk, amount_minor=100 + i,
        currency="AZN", channel="api", campaign_id=campaign.pk) for i in order[start:start + 4]])
print("done")
"""

SETUP = r"""
import datetime as dt
import django; django.setup()
from django.utils import timezone
from korpu.giving.services import do_create_campaign, do_create_fund
fund = do_create_fund(actor="system", code="f", names={"en": "F"})
now = timezone.now()
do_create_campaign(actor="system", slug="c", titles={"en": "C"}, starts_at=now - dt.timedelta(hours=1),
                   ends_at=now + dt.timedelta(hours=1), base_currency="AZN", goal_minor=1, funds=[fund])
"""


@pytest.mark.slow
def test_sqlite_processes_racing_retries_count_once(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite3'}", "KORPU_VAR_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "korpu.settings"),
           "PYTHONPATH": os.pathsep.join(sys.path)}
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v", "0"], env=env, check=True, timeout=300)
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, timeout=120)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(n)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for n in range(3)]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.strip() == "done"
    check = subprocess.run([sys.executable, "-c", "import sys, django; django.setup(); "
                            "from korpu.giving.cli import check_ledger_main; "
                            "from korpu.giving.models import Transfer; print(Transfer.objects.count()); "
                            "sys.exit(check_ledger_main([]))"], env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.splitlines()[0] == "80"
