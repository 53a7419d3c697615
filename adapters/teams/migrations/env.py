"""Alembic's entry point for this folder's migrations (see adapters/persistence/migrate.py)."""

from adapters.persistence.migrate import run_migrations

run_migrations()
