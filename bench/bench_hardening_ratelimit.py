"""A sign-in flood against the rate-limit middleware: how many requests get through, how many are
refused, and what a refusal costs, against the same requests to a bare view (the reference,
measured in the same run).

    .venv/bin/python bench/bench_hardening_ratelimit.py [--requests 10000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="korpu-bench-rl-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "korpu.settings", "KORPU_VAR_DIR": tmp,
                       "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3", "KORPU_LOG_LEVEL": "ERROR"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache
    from django.http import HttpResponse
    from django.test import RequestFactory

    from korpu.core import ratelimit

    def view(request):
        return HttpResponse("form")

    middleware = ratelimit.RateLimitMiddleware(view)
    factory = RequestFactory()

    def request(i: int, *, spread: bool):
        r = factory.post("/accounts/login/", {"login": "target@example.org", "password": f"guess{i}"},
                         REMOTE_ADDR=f"10.0.{(i // 250) % 250}.{i % 250}" if spread else "203.0.113.5")
        r.user = AnonymousUser()
        return r

    print(f"{args.requests} sign-in attempts within one minute (limit {ratelimit.rate_for('signin').limit}/min "
          "per address and per account)")
    for label, spread in (("one address", False), ("many addresses, one account", True)):
        cache.clear()
        requests = [request(i, spread=spread) for i in range(args.requests)]
        started = time.perf_counter()
        statuses = [middleware(r).status_code for r in requests]
        limited = time.perf_counter() - started
        started = time.perf_counter()
        for r in requests:
            view(r)
        bare = time.perf_counter() - started
        refused = statuses.count(429)
        print(f"  {label:28} let through {len(statuses) - refused:>5}, refused {refused:>6} "
              f"({refused / len(statuses):.1%}); {limited / len(statuses) * 1e6:6.1f} µs per request "
              f"with the limiter vs {bare / len(statuses) * 1e6:5.1f} µs bare ({limited / bare:.0f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
