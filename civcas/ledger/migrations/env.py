"""Alembic environment: migrations run on the connection that database.migrate() hands over."""

from alembic import context

from civcas.ledger.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("civcas migrations run through civcas.ledger.database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
