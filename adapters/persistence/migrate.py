"""Alembic for the tables that cannot be rebuilt from the events.

Each group of such tables (person keys; the mail ledger; Slack's own
tables) has its migrations beside the code that owns the tables, in a
folder with an `env.py` that calls `run_migrations`, and its own version
table (`alembic_version_<group>`), since on SQLite each group lives in a
file of its own and on PostgreSQL they share one schema.

A database made before Alembic (the tables exist, no version table) is
stamped at the first revision, which made exactly those tables, and then
upgraded like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import structlog
from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select

log = structlog.get_logger(__name__)

# pg_advisory_xact_lock key for "upgrading side tables" (a constant no other lock uses).
MIGRATION_LOCK = 0x5A6D_6D67


@dataclass(frozen=True)
class Migrations:
    """One group's migrations: in `folder`, recorded in `alembic_version_<group>`;
    `tables` are those the `first` revision creates."""

    group: str
    folder: Path
    first: str
    tables: tuple[str, ...]

    @classmethod
    def beside(cls, module_file: str, group: str, *tables: str) -> Migrations:
        """The group's migrations in the `migrations` folder beside
        `module_file`, beginning with revision `<group>_0001`."""
        return cls(group, Path(module_file).with_name("migrations"), f"{group}_0001", tables)

    def upgrade(self, engine: Engine) -> None:
        """Brings the group's tables in `engine` to the newest revision."""
        with engine.begin() as connection:
            # One process at a time: on SQLite the write engine's BEGIN
            # IMMEDIATE already takes the file's write lock; on PostgreSQL
            # this lock is held until the transaction ends.
            if connection.dialect.name == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
            config = Config()
            config.set_main_option("script_location", str(self.folder))
            config.attributes["connection"] = connection
            config.attributes["version_table"] = version_table = f"alembic_version_{self.group}"
            current = MigrationContext.configure(
                connection, opts={"version_table": version_table}
            ).get_current_revision()
            found = inspect(connection)
            if current is None and all(found.has_table(name) for name in self.tables):
                log.info("migrations.stamped", group=self.group, revision=self.first)
                command.stamp(config, self.first)
            command.upgrade(config, "head")


def run_migrations() -> None:
    """The body of each group's env.py (online only: there is always a connection)."""
    config = context.config
    context.configure(
        connection=config.attributes["connection"],
        version_table=config.attributes["version_table"],
    )
    with context.begin_transaction():
        context.run_migrations()
