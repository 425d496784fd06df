"""The PostgreSQL schema, made and moved forward by Alembic migrations only (``relais db upgrade``).

The revisions are in ``versions/`` (one file each, applied in order); ``HEAD`` is the one this code
needs. The embedded store has no schema to migrate (sqlitedict makes its one table itself).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from alembic import command
from alembic.config import Config

from bot.core.config import POSTGRES_SCHEMES
from bot.core.store import StoreError

__all__ = ["HEAD", "VERSION_TABLE", "check_schema", "sqlalchemy_url", "upgrade"]

#: The revisions, oldest first; the last is what this code reads and writes.
REVISIONS = ("0001", "0002")
HEAD = REVISIONS[-1]
#: Alembic's own table, named for Relais (another application's migrations may share the database).
VERSION_TABLE = "relais_schema_version"


def sqlalchemy_url(url: str) -> str:
    """``postgresql://…`` as SQLAlchemy names the psycopg 3 driver (``postgresql+psycopg://…``)."""
    for scheme in POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def _config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    config.attributes["url"] = sqlalchemy_url(url)  # not through the ini options: a '%' in a password stays one
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Create the schema, or bring it to ``revision``; a database already there is left as it is."""
    command.upgrade(_config(url), revision)


def check_schema(connection: psycopg.Connection[Any]) -> None:
    """Refuse a database whose schema this code cannot use, saying what to run."""
    try:
        row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except psycopg.errors.UndefinedTable:
        raise StoreError(
            "the database named by RELAIS_DATABASE_URL has no Relais schema yet: run `relais db upgrade` first"
        ) from None
    version = row[0] if row else None
    if version == HEAD:
        return
    if version in REVISIONS:
        raise StoreError(
            f"the database's Relais schema is at revision {version}, this Relais needs {HEAD}: "
            "run `relais db upgrade` (it migrates in place)"
        )
    raise StoreError(
        f"the database's Relais schema is at revision {version or 'none'}, which this Relais does not know "
        f"(it needs {HEAD}): a newer Relais migrated it; run that version"
    )
