"""Alembic environment: run on the connection Fivefold passes in, or on FIVEFOLD_DB from a shell."""

from alembic import context

from fivefold.store.models import metadata

config = context.config


def run(connection) -> None:
    # render_as_batch: SQLite can only ALTER a table by copying it, which batch mode does.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from fivefold.locations import db_url
    from fivefold.store.engine import make_engine

    with make_engine(db_url()).begin() as own_connection:
        run(own_connection)
