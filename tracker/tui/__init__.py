"""The terminal app. Importing this package imports textual, never SQLAlchemy: the database
is opened by a worker after the first paint."""
