import pytest


@pytest.fixture
def cli_database(database_url, monkeypatch) -> str:
    """Commands run on a new database of the backend under test (TRACKER_DB), SQLite or
    PostgreSQL; a module opts in with `pytestmark = pytest.mark.usefixtures("cli_database")`."""
    monkeypatch.setenv("TRACKER_DB", database_url)
    return database_url
