"""What the group and every command say of --db (here: `termbase --version` imports no store)."""

DB_HELP = (
    "The termbase: an SQLite file, or a PostgreSQL server as postgresql://user@host/dbname"
    " (default: $TERMBASE_DB, else ./termbase.db)."
)
