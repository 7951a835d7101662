"""The demo loader runs, is idempotent, and leaves sound books."""

from __future__ import annotations

import io

import pytest


@pytest.mark.slow
def test_demo_loads_twice_and_the_books_are_sound(db):
    from korpu.giving import demo
    from korpu.giving.cli import check_ledger
    from korpu.giving.models import Gift, Payout

    demo.load(out=io.StringIO())
    count = Gift.objects.count()
    demo.load(out=io.StringIO())
    assert Gift.objects.count() == count > 3000
    assert Payout.objects.count() == 1
    assert check_ledger() == []
