"""Background work of the registry: import dry runs and writes, duplicate detection."""

from __future__ import annotations

from django.tasks import task


@task
def check_import(job_id: str) -> None:
    from korpu.network.imports import check_job

    check_job(job_id)


@task
def run_import(job_id: str) -> None:
    from korpu.network.imports import run_job

    run_job(job_id)


@task
def find_duplicates() -> int:
    from korpu.network.duplicates import do_find_duplicates

    return do_find_duplicates(actor="system").found
