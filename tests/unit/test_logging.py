"""Logging writes to sys.stderr as it is when a line is written, so a command
run in-process by click's test runner (which swaps sys.stderr for a buffer
and closes it after) leaves no logger behind bound to a closed file."""

from __future__ import annotations

import io
import logging
import sys

import pytest
import structlog

from samverka.logging import configure_logging


def test_a_line_after_the_stream_it_was_set_up_with_is_closed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    swapped, real = io.StringIO(), sys.stderr
    root_handlers = logging.getLogger().handlers[:]
    logging.getLogger().handlers.clear()  # basicConfig configures an empty root only
    try:
        sys.stderr = swapped
        configure_logging("info", "json")
        structlog.get_logger("t").info("test.during")
        logging.getLogger("t").warning("stdlib during")
        sys.stderr = real
        swapped.close()
        structlog.get_logger("t").info("test.after")
        logging.getLogger("t").warning("stdlib after")
    finally:
        sys.stderr = real
        logging.getLogger().handlers[:] = root_handlers
        structlog.reset_defaults()
    written = capsys.readouterr().err
    assert '"event": "test.after"' in written and "stdlib after" in written
    assert "test.during" not in written
