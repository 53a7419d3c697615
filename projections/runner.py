"""The projector: follows the event log and keeps the read tables, exactly once.

Each batch of events is applied to the row store and written in one
transaction together with the new tracking position. The position update is
conditional on the old one, so two projectors on one database never both
apply the same events: the loser rolls back, forgets its cache and goes on
from where the winner got to.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import structlog
from eventsourcing.persistence import Notification
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

from projections import tables as t
from projections.daemon import Daemon
from projections.framework import Projection
from projections.handlers import PROJECTION
from projections.source import EventLog
from projections.store import SqlRowStore
from projections.subscription import subscribe

log = structlog.get_logger(__name__)

VIEWS = "views"


class ProjectionConflict(Exception):
    """Another projector moved the tracking position first."""


@dataclass(frozen=True)
class FailedEvent:
    """The event the projector is stuck on: where and what, not its content."""

    position: int
    originator_id: str
    topic: str

    def __str__(self) -> str:
        return f"event {self.position} ({self.topic.rsplit('.', 1)[-1]})"


def read_position(engine: Engine, name: str = VIEWS) -> int:
    with engine.connect() as conn:
        found = conn.execute(select(t.tracking.c.position).where(t.tracking.c.name == name))
        return int(found.scalar() or 0)


def ensure_tracking_row(engine: Engine, name: str = VIEWS) -> None:
    with engine.begin() as conn:
        exists = conn.execute(select(t.tracking.c.name).where(t.tracking.c.name == name)).first()
        if exists is None:
            with contextlib.suppress(IntegrityError):  # another process was first
                conn.execute(insert(t.tracking).values(name=name, position=0))


@dataclass(eq=False)
class Projector:
    app: EventLog
    _: KW_ONLY
    read_engine: Engine
    write_engine: Engine
    projection: Projection = PROJECTION
    name: str = VIEWS
    batch_size: int = 1000
    poll_interval: float = 0.5
    # PostgreSQL: under load the subscription waits this long before it
    # pulls, so one transaction carries several events (LingeringSubscription).
    linger: float = 0.0
    use_subscription: bool = False
    rows: SqlRowStore = field(default_factory=SqlRowStore)

    def __post_init__(self) -> None:
        self.position = read_position(self.read_engine, self.name)
        self.last_error: str | None = None
        # The event the last failure came from, when it is known.
        self.failed_event: FailedEvent | None = None
        # Set when another projector committed first: a subscription that was
        # feeding this one must then restart from the new position.
        self.overtaken = False
        self.last_progress = time.monotonic()
        # After a failed batch, events are applied one at a time up to its
        # last position, so the log can name the event that fails.
        self._one_by_one_until = 0
        self._advanced = threading.Condition()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._daemon = Daemon(f"projector-{self.name}")
        self._lock = threading.Lock()
        self._listeners: list[Callable[[int], None]] = []

    # -- processing ----------------------------------------------------------

    def process(self, notifications: Sequence[Notification]) -> int:
        """Applies and commits one batch; returns how many events it applied."""
        fresh = [n for n in notifications if n.id > self.position]
        if not fresh:
            return 0
        old, new = self.position, fresh[-1].id
        try:
            with self.read_engine.connect() as reader:
                self.rows.bind_reader(reader)
                for notification in fresh:
                    try:
                        event = self.app.mapper.to_domain_event(notification)
                        self.projection.apply(event, notification.id, self.rows)
                    except Exception as error:
                        self._blame(notification, error)
                        raise
            self.rows.bind_reader(None)
            with self.write_engine.begin() as conn:
                # Claim the range first: the conditional update locks the
                # tracking row, so a second projector waits here and then finds
                # the position moved, before it writes a single view row.
                moved = conn.execute(
                    update(t.tracking)
                    .where(t.tracking.c.name == self.name, t.tracking.c.position == old)
                    .values(position=new)
                )
                if moved.rowcount != 1:
                    raise ProjectionConflict(self.name)
                self.rows.flush(conn)
        except ProjectionConflict:
            self.rows.forget()
            self.position = read_position(self.read_engine, self.name)
            self.overtaken = True
            log.info("projector.overtaken", name=self.name, position=self.position)
            return 0
        except BaseException as error:
            self.rows.bind_reader(None)
            self.rows.forget()
            if len(fresh) == 1:
                self._blame(fresh[0], error)
            raise
        self._advance(new)
        return len(fresh)

    def _blame(self, notification: Notification, error: BaseException) -> None:
        if _about_the_event(error) and self.failed_event is None:
            self.failed_event = FailedEvent(
                notification.id, str(notification.originator_id), notification.topic
            )

    def _advance(self, position: int) -> None:
        with self._advanced:
            self.position = position
            self.last_progress = time.monotonic()
            self.last_error = None
            self.failed_event = None
            self._advanced.notify_all()
        for listener in self._listeners:
            listener(position)

    def on_advance(self, listener: Callable[[int], None]) -> None:
        """Calls `listener(position)` after each committed batch (metrics, tests)."""
        self._listeners.append(listener)

    def catch_up(self) -> int:
        """Processes everything recorded so far; returns the number of events."""
        total = 0
        with self._lock:
            while True:
                one_by_one = self.position < self._one_by_one_until
                batch = self.app.recorder.select_notifications(
                    start=self.position,
                    limit=1 if one_by_one else self.batch_size,
                    inclusive_of_start=False,
                )
                if not batch:
                    self.last_progress = time.monotonic()
                    return total
                try:
                    total += self.process(batch)
                except Exception:
                    if self.failed_event is None and len(batch) > 1:
                        self._one_by_one_until = batch[-1].id
                    raise

    # -- running in the background ---------------------------------------------

    def wake(self, _position: int | None = None) -> None:
        self._wake.set()

    def start(self) -> None:
        self._daemon.start(self._follow_subscription if self.use_subscription else self._poll)

    def stop(self, timeout: float = 5.0) -> None:
        self._daemon.stop(timeout, self._stop, self._wake)

    @property
    def running(self) -> bool:
        return self._daemon.running

    def _failed(self, error: BaseException, delay: float) -> float:
        """Notes the failure and waits before the next try."""
        self.note_failure(error, retry_in=delay)
        self._stop.wait(delay)
        return min(delay * 2, 5.0)

    def note_failure(self, error: BaseException, retry_in: float | None = None) -> None:
        """Logs what failed and keeps it for /readyz. Only the event's position,
        id and type are logged: its content may be personal data, and so may
        a database error's parameters (the engines hide those)."""
        failed = self.failed_event
        if failed is None:
            self.last_error = type(error).__name__
            log.warning(
                "projector.failed",
                name=self.name,
                error=type(error).__name__,
                detail=_first_line(error),
                retry_in=retry_in,
            )
            return
        self.last_error = f"{failed}: {type(error).__name__}"
        log.error(
            "projector.event_failed",
            name=self.name,
            position=failed.position,
            originator_id=failed.originator_id,
            topic=failed.topic,
            error=type(error).__name__,
            detail=_first_line(error),
            retry_in=retry_in,
        )

    def _poll(self) -> None:
        delay = 0.1
        while not self._stop.is_set():
            try:
                self.catch_up()
                delay = 0.1
            except Exception as error:
                delay = self._failed(error, delay)
                continue
            self._wake.wait(self.poll_interval)
            self._wake.clear()

    def _follow_subscription(self) -> None:
        """PostgreSQL: the library's LISTEN/NOTIFY subscription feeds batches."""
        delay = 0.1
        while not self._stop.is_set():
            try:
                self.catch_up()
                self._drain_subscription()
                delay = 0.1
            except Exception as error:
                delay = self._failed(error, delay)

    def _drain_subscription(self) -> None:
        inbox: queue.Queue[Notification | BaseException] = queue.Queue(maxsize=10 * self.batch_size)
        subscription = subscribe(self.app.recorder, self.position, self.linger)

        def pump() -> None:
            try:
                with subscription:
                    for notification in subscription:
                        inbox.put(notification)
            except BaseException as error:
                inbox.put(error)

        pumper = threading.Thread(target=pump, name=f"projector-{self.name}-sub", daemon=True)
        pumper.start()
        self.overtaken = False
        try:
            while not self._stop.is_set() and not self.overtaken:
                batch = _take_batch(inbox, self.batch_size, self.poll_interval)
                if batch:
                    with self._lock:
                        self.process(batch)
        finally:
            subscription.stop()
            pumper.join(2.0)

    # -- read-your-writes ------------------------------------------------------

    def wait_for(self, position: int | None, timeout: float = 5.0) -> bool:
        """Blocks until the views include `position`; False on timeout."""
        if position is None:
            return True
        if self.failed_event is not None and self.failed_event.position <= position:
            return False  # stuck on an event before it: waiting would not help
        deadline = time.monotonic() + timeout
        if not self.running:
            return self._poll_position(position, deadline)
        with self._advanced:
            while self.position < position:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.wake()
                self._advanced.wait(min(remaining, 0.05))
        return True

    def _poll_position(self, position: int, deadline: float) -> bool:
        # No projector thread here (another process runs it): read its progress.
        while True:
            self.position = read_position(self.read_engine, self.name)
            if self.position >= position:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)


def _about_the_event(error: BaseException) -> bool:
    """Whether an error comes from what an event holds, not from reaching the
    database (a lost connection is retried without blaming any event)."""
    return isinstance(error, Exception) and not isinstance(error, OperationalError | InterfaceError)


def _first_line(error: BaseException) -> str:
    """What a database error says, short: its first line is the driver's
    message (the statement follows on later lines, never its parameters, see
    projections.db). Other errors' messages may quote the event's content, so
    only their type is logged."""
    if not isinstance(error, DBAPIError):
        return ""
    return str(error).split("\n", 1)[0][:300]


def _take_batch(inbox: queue.Queue[Any], size: int, timeout: float) -> list[Notification]:
    """Waits up to `timeout` for one item, then takes what else is there."""
    try:
        first = inbox.get(timeout=timeout)
    except queue.Empty:
        return []
    items = [first]
    while len(items) < size:
        try:
            items.append(inbox.get_nowait())
        except queue.Empty:
            break
    for item in items:
        if isinstance(item, BaseException):
            raise item
    return items
