"""The `korpu` console command.

    korpu demo [--no-serve]       demo database, demo data, worker and web server
    korpu serve [--host --port]   the ASGI web server (uvicorn) and one task worker beside it
    korpu worker [--batch]        a background-task worker (with the periodic-job scheduler)
    korpu manage ...              any Django management command
    korpu <app command> ...       commands apps add (e.g. `korpu names compare A B`)
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import korpu


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
    import django

    django.setup()


# Commands apps add: name → "module:function", imported only when used so that `korpu --help`
# stays fast and one app's heavy dependencies never slow another's command.
APP_COMMANDS: dict[str, str] = {
    "names": "korpu.names.cli:main",
    "plaque": "korpu.plaques.cli:main",
    "import": "korpu.network.cli:import_main",
    "export": "korpu.network.cli:export_main",
    "check-ledger": "korpu.giving.cli:check_ledger_main",
    "media": "korpu.media.cli:main",
    "backup": "korpu.core.backup:backup_main",
    "restore": "korpu.core.backup:restore_main",
    "retention": "korpu.core.retention:retention_main",
}


def _app_command(name: str) -> Callable[[list[str]], int] | None:
    target = APP_COMMANDS.get(name)
    if target is None:
        return None
    module_name, _sep, function = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, function)


def cmd_manage(argv: list[str]) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["korpu manage", *argv])
    return 0


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def _run_queued_tasks() -> None:
    from django.core.management import call_command

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0, interval=0.1)


def cmd_demo(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="korpu demo", description="Run Körpü with demo data.")
    parser.add_argument("--no-serve", action="store_true", help="prepare the demo database, run its queued work, and exit")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    _setup_django()
    from korpu.core.demo import load_all, sign_in_help

    print("Körpü: preparing the database…", file=sys.stderr)
    _migrate()
    load_all(out=sys.stderr)
    print("Körpü: running queued background work…", file=sys.stderr)
    _run_queued_tasks()
    print(sign_in_help(f"http://{args.host}:{args.port}/"))
    if args.no_serve:
        return 0
    return _serve(args.host, args.port, workers=1, with_worker=True)


def cmd_serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="korpu serve", description="Serve Körpü (ASGI, uvicorn).")
    parser.add_argument("--host", default=os.environ.get("KORPU_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("KORPU_PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("KORPU_WEB_WORKERS", "1")),
                        help="web processes (default 1)")
    parser.add_argument("--no-worker", action="store_true", help="do not start a task worker beside the server")
    args = parser.parse_args(argv)
    _setup_django()
    _check_database()
    return _serve(args.host, args.port, workers=args.workers, with_worker=not args.no_worker)


def _check_database() -> None:
    from django.db import connection

    connection.ensure_connection()
    connection.close()


def _serve(host: str, port: int, *, workers: int, with_worker: bool) -> int:
    import uvicorn
    from django.conf import settings

    worker = None
    if with_worker:
        worker = subprocess.Popen([sys.executable, "-m", "korpu", "worker"], env=os.environ.copy())
    print(f"Körpü is serving on http://{host}:{port}/ (stop with Ctrl+C)", file=sys.stderr, flush=True)
    try:
        uvicorn.run(
            "korpu.asgi:application",
            host=host,
            port=port,
            workers=workers,
            lifespan="off",
            proxy_headers=settings.HTTPS,
            forwarded_allow_ips=os.environ.get("KORPU_FORWARDED_ALLOW_IPS", "127.0.0.1"),
            log_level=os.environ.get("KORPU_LOG_LEVEL", "info").lower(),
            server_header=False,
        )
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
    return 0


def cmd_worker(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="korpu worker", description="Run background tasks.")
    parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    parser.add_argument("--no-scheduler", action="store_true", help="do not enqueue periodic jobs")
    args = parser.parse_args(argv)
    _setup_django()
    _check_database()
    from django.core.management import call_command

    if not args.no_scheduler and not args.batch:
        threading.Thread(target=_scheduler_loop, name="korpu-scheduler", daemon=True).start()
    call_command("db_worker", batch=args.batch, verbosity=1)
    return 0


def _scheduler_loop() -> None:
    import logging
    import socket

    from django.db import connection

    from korpu.core.tasks import schedule_due

    log = logging.getLogger("korpu.scheduler")
    name = f"{socket.gethostname()}:{os.getpid()}"
    while True:
        try:
            started = schedule_due(worker=name)
            if started:
                log.info("enqueued periodic jobs: %s", ", ".join(started))
        except Exception:  # the scheduler must outlive a database hiccup
            log.exception("periodic scheduling failed")
        finally:
            connection.close()
        time.sleep(15)


BUILTIN: dict[str, Callable[[list[str]], int]] = {
    "demo": cmd_demo,
    "serve": cmd_serve,
    "worker": cmd_worker,
    "manage": cmd_manage,
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__.strip())
        print("\napp commands: " + ", ".join(sorted(APP_COMMANDS)))
        return 0
    if argv[0] in {"--version", "-V"}:
        print(f"korpu {korpu.__version__}")
        return 0
    command = BUILTIN.get(argv[0]) or _app_command(argv[0])
    if command is None:
        print(f"korpu: unknown command {argv[0]!r}; try `korpu --help`", file=sys.stderr)
        return 2
    return _run(command, argv[1:])


def _run(command: Callable[[list[str]], int], argv: list[str]) -> int:
    from django.core.exceptions import ImproperlyConfigured

    try:
        return int(command(argv) or 0)
    except ImproperlyConfigured as exc:
        print(f"korpu: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from django.db import OperationalError

        if isinstance(exc, OperationalError):
            from django.conf import settings

            from korpu.core.dburl import redact

            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            print(f"korpu: cannot use the database {redact(settings.DATABASE_URL)}: {first}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
