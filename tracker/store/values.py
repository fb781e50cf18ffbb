"""The values a stored column may hold, importable without SQLAlchemy (the app's cache of
the last run checks them before the database is loaded)."""

STATUSES = ("todo", "doing", "done", "skipped")
DEPTHS = ("skimmed", "read", "implemented")  # how far a paper was taken; done means read
EVIDENCE_KINDS = ("link", "file", "metric")

# The `change` of the events that carry progress into a fork starts with this: the statuses
# were reached on the original path, so these changes are no new activity.
CARRIED = "carried-"
