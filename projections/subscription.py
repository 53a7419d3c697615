"""The library's PostgreSQL subscription, pulling once per burst under load."""

from __future__ import annotations

import time

from eventsourcing.persistence import ApplicationRecorder, Subscription
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresSubscription


class LingeringSubscription(PostgresSubscription):
    """Selects new events once for a burst of NOTIFYs, not once per NOTIFY.

    The library's subscription runs a select each time a NOTIFY arrives: under
    load, one query per command. When NOTIFYs come back to back (the last pull
    ended less than `linger` ago) this one waits `linger` before the next
    pull, which then brings every event of that time in one list, and the
    projector applies them in one transaction. At a trickle it pulls at once,
    so the lag stays as it was.
    """

    def __init__(self, recorder: PostgresApplicationRecorder, gt: int | None, linger: float):
        self._linger = linger  # before super(), which starts the pulling thread
        super().__init__(recorder=recorder, gt=gt)

    def _loop_on_pull(self) -> None:
        # eventsourcing 9.5's ListenNotifySubscription._loop_on_pull, plus the wait.
        try:
            self._pull()
            pulled = time.monotonic()
            while not self._has_been_stopped:
                self._has_been_notified.wait()
                if time.monotonic() - pulled < self._linger:
                    time.sleep(self._linger)
                self._pull()
                pulled = time.monotonic()
        except BaseException as error:
            if self._thread_error is None:
                self._thread_error = error
            self.stop()


def subscribe(
    recorder: ApplicationRecorder, gt: int | None, linger: float
) -> Subscription[ApplicationRecorder]:
    if linger > 0 and isinstance(recorder, PostgresApplicationRecorder):
        return LingeringSubscription(recorder, gt, linger)
    return recorder.subscribe(gt=gt)
