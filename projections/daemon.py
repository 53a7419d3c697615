"""One named daemon thread that runs a loop until told to stop.

The projector, the scheduler and the store probe each run one such loop;
this is the start and stop they share (start once, stop by setting the
owner's events and waiting a while for the loop to end). It lives in the
lowest layer that runs anything in the background, so that the scheduler
and the adapters may import it too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Daemon:
    def __init__(self, name: str) -> None:
        self.name = name
        self._thread: threading.Thread | None = None

    @property
    def started(self) -> bool:
        return self._thread is not None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, target: Callable[[], None]) -> None:
        """Runs `target` in the background, unless a loop was started already."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=target, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float, *signals: threading.Event) -> None:
        """Sets `signals` (what the loop waits on) and waits for it to end."""
        for signal in signals:
            signal.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
