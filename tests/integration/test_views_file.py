"""SQLite: the read tables live in their own file, which may be deleted at any time."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from adapters.persistence.store import views_path
from domain import commands as c
from projections import tables as t
from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from tests.integration.scenario import meta


def test_deleting_the_views_file_loses_nothing(tmp_path: Path) -> None:
    events = tmp_path / "samverka.db"
    settings = Settings(database_url=f"sqlite:///{events}")
    k = bootstrap(settings)
    person = k.app.execute(
        c.RegisterPerson(name="Karin Althen", email="karin.althen@example.se"), meta()
    ).aggregate_id
    k.projector.catch_up()
    k.close()
    views = views_path(events)
    assert views.exists() and views != events
    for suffix in ("", "-wal", "-shm"):
        Path(f"{views}{suffix}").unlink(missing_ok=True)

    k = bootstrap(settings)
    try:
        k.projector.catch_up()
        with k.engines.read.connect() as conn:
            row = (
                conn.execute(select(t.persons).where(t.persons.c.id == str(person)))
                .mappings()
                .one()
            )
        # The name is sealed with the person's key, which lives with the events.
        assert (row["name"], row["email"]) == ("Karin Althen", "karin.althen@example.se")
    finally:
        k.close()
