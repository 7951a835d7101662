"""Group commit: requests hand gifts to a batcher that books many per transaction and answers
each request only after its transaction committed.

One batcher per event loop (per web process). Consumers take up to MAX_BATCH gifts that arrived
within MAX_WAIT of the first and book them with `do_record_gifts` in a worker thread; when a batch
fails as a whole (one bad gift among good ones), its gifts are booked one by one so that each
request gets its own answer.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
import sys
from collections import defaultdict
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connection
from django.utils import translation

log = logging.getLogger(__name__)

MAX_BATCH = int(os.environ.get("KORPU_GIVING_BATCH", "400"))
MAX_WAIT = float(os.environ.get("KORPU_GIVING_BATCH_WAIT_MS", "3")) / 1000
CONSUMERS = int(os.environ.get("KORPU_GIVING_BATCH_CONSUMERS", "2"))


def enabled() -> bool:
    """On under an ASGI server (uvicorn), unless KORPU_GIVING_GROUP_COMMIT=0; tests book inline."""
    value = os.environ.get("KORPU_GIVING_GROUP_COMMIT", "auto").lower()
    if value in {"0", "false", "no", "off"}:
        return False
    if value in {"1", "true", "yes", "on"}:
        return True
    return "uvicorn" in sys.modules and "pytest" not in sys.modules


# (actor, intent, language of the request, future answered after COMMIT)
Item = tuple[Any, Any, str | None, "asyncio.Future[Any]"]


class Batcher:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[Item] = asyncio.Queue()
        loop = asyncio.get_running_loop()
        # A fresh context: the consumers must not inherit the language, time zone or request id
        # of the request that happened to start them.
        self.tasks = [loop.create_task(self._consume(), context=contextvars.Context()) for _ in range(CONSUMERS)]

    async def submit(self, actor, intent):
        future = asyncio.get_running_loop().create_future()
        self.queue.put_nowait((actor, intent, translation.get_language(), future))
        return await future

    async def _consume(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            first = await self.queue.get()
            items = [first]
            deadline = loop.time() + MAX_WAIT
            while len(items) < MAX_BATCH:
                try:
                    items.append(self.queue.get_nowait())
                    continue
                except asyncio.QueueEmpty:
                    pass
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                try:
                    items.append(await asyncio.wait_for(self.queue.get(), remaining))
                except TimeoutError:
                    break
            try:
                results = await sync_to_async(_commit, thread_sensitive=False)(items)
            except BaseException as exc:  # noqa: BLE001 - every waiter must get an answer
                results = [exc] * len(items)
            for (_actor, _intent, _language, future), result in zip(items, results, strict=True):
                if future.done():
                    continue
                if isinstance(result, BaseException):
                    future.set_exception(result)
                else:
                    future.set_result(result)


def _commit(items: list[Item]) -> list:
    """Book a batch in one transaction; on failure, one transaction per gift (in the language of
    its request, so that each error message is translated as the ninja route would)."""
    from django.db import transaction

    from korpu.giving.services import record_gifts

    by_actor: dict[Any, list[tuple[int, Any, Any]]] = defaultdict(list)
    for index, (actor, intent, _language, _future) in enumerate(items):
        by_actor[getattr(actor, "pk", actor)].append((index, actor, intent))
    results: list = [None] * len(items)
    try:
        with transaction.atomic():
            for group in by_actor.values():
                booked = record_gifts(actor=group[0][1], intents=[i for _idx, _a, i in group])
                for (index, _a, _i), result in zip(group, booked, strict=True):
                    results[index] = result
        return results
    except Exception:  # noqa: BLE001
        if connection.needs_rollback or not connection.is_usable():
            connection.close()
    from korpu.giving.services import do_record_gifts

    for index, (actor, intent, language, _future) in enumerate(items):
        try:
            with translation.override(language):
                results[index] = do_record_gifts(actor=actor, intents=[intent])[0]
        except Exception as exc:  # noqa: BLE001
            results[index] = exc
            if not connection.is_usable():
                connection.close()
    return results


_batchers: dict[int, Batcher] = {}


def batcher() -> Batcher:
    loop = asyncio.get_running_loop()
    found = _batchers.get(id(loop))
    if found is None or found.tasks[0].get_loop() is not loop:
        found = _batchers[id(loop)] = Batcher()
    return found


async def run_sync(fn, *args, **kwargs):
    """Run ORM code from an async view: under the ASGI server on pooled threads that keep their
    database connections (no connect per request); in tests on the request's own connection."""
    try:
        return await sync_to_async(fn, thread_sensitive=not enabled())(*args, **kwargs)
    except Exception:
        if enabled() and connection.connection is not None and not connection.is_usable():
            connection.close()
        raise


async def book(actor, intent):
    """Book one gift: through the batcher under uvicorn, inline otherwise. (gift, created)"""
    if enabled():
        return await batcher().submit(actor, intent)
    from korpu.giving.services import do_record_gifts

    return (await sync_to_async(do_record_gifts)(actor=actor, intents=[intent]))[0]
