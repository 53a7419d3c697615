"""Alembic for the tables that cannot be rebuilt from the events.

Each group of such tables (person keys; the mail ledger; Slack's own
tables) has its migrations beside the code that owns the tables, in a
folder with an `env.py` that calls `run_migrations`, and its own version
table (`alembic_version_<group>`), since on SQLite each group lives in a
file of its own and on PostgreSQL they share one schema.

A database made before Alembic (the tables exist, no version table) is
stamped at the first revision, which made exactly those tables, and then
upgraded like any other.

A revision module needs only `revision`, `down_revision`, `upgrade` and
`downgrade`: Alembic reads those attributes (and `branch_labels`,
`depends_on` only where present), never the "Revision ID:" lines its
template writes into the docstring, so ours leave them out.

Every process upgrades the groups it uses when it starts (each API worker
too), so a database already at a group's newest revision (`head`, checked
against the migrations by tests/integration/test_migrations.py) is told by
one query, without Alembic: importing Alembic and reading its scripts cost
each API worker about a tenth of a second of CPU at start.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import structlog
from sqlalchemy import Connection, Engine, column, func, inspect, select, table
from sqlalchemy.schema import SchemaItem

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
    head: str

    @classmethod
    def beside(cls, module_file: str, group: str, *tables: str, head: str) -> Migrations:
        """The group's migrations in the `migrations` folder beside
        `module_file`, beginning with revision `<group>_0001`; `head` is
        the newest."""
        folder = Path(module_file).with_name("migrations")
        return cls(group, folder, f"{group}_0001", tables, head)

    @property
    def version_table(self) -> str:
        return f"alembic_version_{self.group}"

    def at_head(self, connection: Connection) -> bool:
        """Whether the group's tables are at the newest revision already."""
        if not inspect(connection).has_table(self.version_table):
            return False
        versions = table(self.version_table, column("version_num"))
        found = connection.execute(select(versions.c.version_num)).scalars().all()
        return found == [self.head]

    def upgrade(self, engine: Engine) -> None:
        """Brings the group's tables in `engine` to the newest revision."""
        with engine.connect() as connection:
            if self.at_head(connection):
                return
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext

        with engine.begin() as connection:
            # One process at a time: on SQLite the write engine's BEGIN
            # IMMEDIATE already takes the file's write lock; on PostgreSQL
            # this lock is held until the transaction ends.
            if connection.dialect.name == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
            config = Config()
            config.set_main_option("script_location", str(self.folder))
            config.attributes["connection"] = connection
            config.attributes["version_table"] = version_table = self.version_table
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
    from alembic import context

    config = context.config
    context.configure(
        connection=config.attributes["connection"],
        version_table=config.attributes["version_table"],
    )
    with context.begin_transaction():
        context.run_migrations()


def create_table_once(name: str, *columns: SchemaItem) -> None:
    """In a migration: creates table `name` (with its indexes) unless it is
    there already, made before Alembic did, in which case it is adopted as it is."""
    from alembic import op

    if not inspect(op.get_bind()).has_table(name):
        op.create_table(name, *columns)
