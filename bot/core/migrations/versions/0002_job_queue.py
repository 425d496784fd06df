"""The job queue: Huey's tables for the shared mode (``bot.core.backends.open_job_queue``).

Revision ID: 0002
Revises: 0001

The tables Huey's ``PostgresStorage`` (huey 3.5) reads and writes, with the prefix Relais gives them; Huey is told
never to create them itself (``create_tables=False``), so the schema has one author and one version.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PREFIX = "relais_huey"


def upgrade() -> None:
    op.execute(
        f"CREATE TABLE {PREFIX}_kv (queue text NOT NULL, key text NOT NULL, value bytea NOT NULL, "
        "PRIMARY KEY (queue, key))"
    )
    op.execute(
        f"CREATE TABLE {PREFIX}_schedule (id bigserial PRIMARY KEY, queue text NOT NULL, data bytea NOT NULL, "
        "timestamp double precision NOT NULL)"
    )
    op.execute(f"CREATE INDEX {PREFIX}_schedule_queue_timestamp ON {PREFIX}_schedule (queue, timestamp)")
    op.execute(
        f"CREATE TABLE {PREFIX}_task (id bigserial PRIMARY KEY, queue text NOT NULL, data bytea NOT NULL, "
        "priority double precision NOT NULL DEFAULT 0.0)"
    )
    op.execute(f"CREATE INDEX {PREFIX}_task_queue_priority_id ON {PREFIX}_task (queue, priority DESC, id)")
    op.execute(
        f"CREATE TABLE {PREFIX}_counter (queue text NOT NULL, key text NOT NULL, value bigint NOT NULL DEFAULT 0, "
        "PRIMARY KEY (queue, key))"
    )


def downgrade() -> None:
    for table in ("counter", "task", "schedule", "kv"):
        op.execute(f"DROP TABLE {PREFIX}_{table}")
