"""termbase: a Vietnamese→English termbase and translation memory."""

__version__ = "0.1.0"
