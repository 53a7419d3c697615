"""`samverka backup` and `samverka restore`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samverka.cli_common import container, echo_json, fail, t, told
from services.backup import BackupError, restore_backup, write_backup


def backup(
    out: Annotated[Path, typer.Option(help="The backup file to write (gzip JSON lines).")],
) -> None:
    """Back up the event log, its hash chain and the person keys (not the read tables)."""
    k = container()
    try:
        assert k.personal is not None
        summary = write_backup(k.app.recorder, k.personal, out, k.clock)
    finally:
        k.close()
    echo_json(
        {
            "file": str(out),
            "events": summary.events,
            "keys": summary.keys,
            "head": str(summary.head),
        }
    )


def restore(
    source: Annotated[Path, typer.Option("--from", help="A file written by `samverka backup`.")],
) -> None:
    """Restore a backup into an empty database, verify its chain, rebuild the read tables."""
    from projections.rebuild import rebuild

    if not source.is_file():
        fail(t("{file} does not exist", file=source))
    k = container()
    try:
        assert k.personal is not None
        summary = restore_backup(k.app.recorder, k.personal, source)
        rebuild(k.app, k.engines)
    except BackupError as error:
        fail(told(error))
    finally:
        k.close()
    echo_json(
        {
            "events": summary.events,
            "keys": summary.keys,
            "head": str(summary.head),
            "verified": True,
        }
    )
