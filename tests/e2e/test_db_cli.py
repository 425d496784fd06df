"""`relais db upgrade` and `relais db copy` as an operator meets them, on the tests' own PostgreSQL; a campaign
and a call in flight in the embedded store are followed to their end on PostgreSQL after the copy."""

from __future__ import annotations

from pathlib import Path

import psycopg

from bot.core.migrations import HEAD
from tests.axialys_support import call_cards, confirm, run_watchers
from tests.axialys_support import sandbox as axialys
from tests.clever_support import deliver_all, final_reports, operations_channel, run_watcher, send
from tests.conftest import CHANNEL, RelaisFactory
from tests.e2e.test_cli import relais as run_relais
from tests.postgres_support import PostgresServer


def _with_password(url: str, password: str) -> str:
    """The same database, the URL carrying a password (the tests' server trusts local connections)."""
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{password}@")


def test_upgrade_needs_the_url_and_says_so(tmp_path: Path) -> None:
    result = run_relais(["db", "upgrade"], {}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "relais: RELAIS_DATABASE_URL is not set: it names the PostgreSQL database to create or migrate"
    )
    malformed = run_relais(["db", "upgrade"], {"RELAIS_DATABASE_URL": "mysql://x/y"}, tmp_path)
    assert malformed.returncode == 2 and "RELAIS_DATABASE_URL is malformed" in malformed.stderr


def test_upgrade_creates_the_schema_once_and_never_shows_the_password(postgres: PostgresServer, tmp_path: Path) -> None:
    url = _with_password(postgres.new_database(), "hunter2")
    for _ in range(2):  # the second run finds the schema there
        result = run_relais(["db", "upgrade"], {"RELAIS_DATABASE_URL": url}, tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"Relais schema at revision {HEAD}" in result.stdout
        assert "hunter2" not in result.stdout + result.stderr
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT version_num FROM relais_schema_version").fetchone() == (HEAD,)
        assert connection.execute("SELECT count(*) FROM relais_records").fetchone() == (0,)


def test_copy_moves_the_embedded_store_and_work_in_flight_is_followed_there(
    relais_factory: RelaisFactory, postgres: PostgresServer, tmp_path: Path
) -> None:
    data = tmp_path / "embedded"
    embedded = operations_channel(relais_factory(data_dir=data))
    reference = send(embedded, "/push sms +33612345678,+33623456789 Votre colis arrive demain")
    confirm(embedded, "/callback 0612345679 popup=77")
    [call_card] = call_cards(embedded)
    run_watchers(embedded)
    embedded.runtime.stop()

    url = postgres.new_database()
    env = {"RELAIS_DATA_DIR": str(data)}
    result = run_relais(["db", "copy", "--to", url], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Copied ") and "Set RELAIS_DATABASE_URL to it" in result.stdout
    again = run_relais(["db", "copy", "--to", url], env, tmp_path)
    assert again.returncode == 2 and "already holds Relais records" in again.stderr

    shared = relais_factory(relais_database_url=url, data_dir=tmp_path / "unused")
    deliver_all(shared, reference)
    run_watcher(shared, reference)
    assert len(final_reports(shared, reference)) == 1
    tracking = int(call_card.text.split("#")[1].split()[0])
    axialys(shared).set_call_outcome(tracking, "busy")
    shared.sandboxes["axialys"].clock.advance(3600)
    run_watchers(shared)
    run_watchers(shared)
    [summary] = shared.standin.thread(CHANNEL, call_card.ts)
    assert "busy" in summary.all_text()


def test_copy_refuses_a_directory_without_a_store(postgres: PostgresServer, tmp_path: Path) -> None:
    result = run_relais(["db", "copy", "--to", postgres.new_database()], {"RELAIS_DATA_DIR": str(tmp_path)}, tmp_path)
    assert result.returncode == 2 and "holds no Relais store: nothing to copy" in result.stderr
