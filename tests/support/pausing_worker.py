"""The real Celery app, for tests that kill a worker in the middle of a send:
``celery -A tests.support.pausing_worker worker``.

When the file named by ``SEND_PAUSE_FILE`` exists, the next send deletes it, logs
"paused after claiming reminder <id>" and sleeps ``SEND_PAUSE_SECONDS`` just before the
e-mail goes: the reminder's row is locked and its transaction open, so the test can kill
the process there. The service itself knows nothing of this.
"""
import logging
import os
import time

from celery.signals import worker_process_init

from trusts.celery import app

__all__ = ["app", "PAUSE_FILE_ENV", "PAUSE_SECONDS_ENV"]

PAUSE_FILE_ENV = "SEND_PAUSE_FILE"
PAUSE_SECONDS_ENV = "SEND_PAUSE_SECONDS"

logger = logging.getLogger("trusts.notices")


@worker_process_init.connect
def _pause_before_sending(**kwargs):
    # in each pool process, where the tasks run and Django is set up (the models are loaded)
    from trusts.notices import services

    send = services._send_email

    def send_email(log):
        path = os.environ.get(PAUSE_FILE_ENV)
        if path and os.path.exists(path):
            os.unlink(path)
            logger.warning("paused after claiming reminder %s", log.pk)
            time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "30")))
        return send(log)

    services._send_email = send_email
