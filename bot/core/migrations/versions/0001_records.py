"""The records: one row per key, its value as JSON (``bot.core.pg_store``).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # "C": keys compare by code point, as the embedded store and Python order them (prefix scans, pages).
    op.execute('CREATE TABLE relais_records (key text COLLATE "C" PRIMARY KEY, value jsonb NOT NULL)')


def downgrade() -> None:
    op.execute("DROP TABLE relais_records")
