"""The progress store: SQLModel tables, the engine, sessions and migrations.

Imports neither textual nor the CLI framework; only the services use it.
"""
