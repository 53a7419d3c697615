"""How the projector gathers a batch from the subscription's inbox."""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

import pytest

from projections.runner import _take_batch


def feed_later(inbox: queue.Queue[Any], items: list[Any], delay: float) -> threading.Thread:
    def put() -> None:
        time.sleep(delay)
        for item in items:
            inbox.put(item)

    thread = threading.Thread(target=put)
    thread.start()
    return thread


def test_an_empty_inbox_gives_an_empty_batch_after_the_timeout() -> None:
    assert _take_batch(queue.Queue(), size=10, timeout=0.01) == []


def test_a_batch_is_what_is_already_there() -> None:
    inbox: queue.Queue[Any] = queue.Queue()
    inbox.put(1)
    late = feed_later(inbox, [2], delay=0.05)
    assert _take_batch(inbox, size=10, timeout=1.0) == [1]
    late.join()
    assert _take_batch(inbox, size=10, timeout=1.0) == [2]


def test_a_batch_stops_at_the_batch_size() -> None:
    inbox: queue.Queue[Any] = queue.Queue()
    for n in range(5):
        inbox.put(n)
    assert _take_batch(inbox, size=3, timeout=1.0) == [0, 1, 2]
    assert _take_batch(inbox, size=3, timeout=1.0) == [3, 4]


def test_an_error_from_the_subscription_is_raised() -> None:
    inbox: queue.Queue[Any] = queue.Queue()
    inbox.put(1)
    inbox.put(ConnectionError("gone"))
    with pytest.raises(ConnectionError, match="gone"):
        _take_batch(inbox, size=10, timeout=1.0)
