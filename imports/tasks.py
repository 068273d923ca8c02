"""Celery tasks of the imports app: take the job id, run its next step, tell the user."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from imports.logs_import import import_job_notify, import_job_run
from imports.matrix_files import pending_matrices_purge
from imports.models import ImportJob

logger = logging.getLogger(__name__)


# A step that already ran is skipped (import_job_run checks the status), so a retry after a
# database hiccup or a redelivery after a killed worker never imports a file twice.
@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def import_job_task(*, job_id: int) -> dict:
    """Check or import a large spreadsheet, then e-mail its user how it went."""
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None:
        logger.info("import_job_task: job %s no longer exists", job_id)
        return {"job_id": job_id, "status": None}
    job = import_job_run(job=job)
    import_job_notify(job=job)
    return {"job_id": job.pk, "status": job.status, "errors": job.error_count, "created": job.created_count}


@shared_task
def pending_matrices_purge_task() -> int:
    """Nightly: delete the uploaded matrices whose preview was never confirmed."""
    return pending_matrices_purge()
