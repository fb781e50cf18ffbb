"""tracker: follow learning paths step by step and keep track of where you are."""

__version__ = "0.1.0"
