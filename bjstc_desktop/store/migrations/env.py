"""Alembic environment: always run by bjstc_desktop.store.migrate on an open
SQLCipher connection passed in `config.attributes["connection"]`."""

from alembic import context

from bjstc_desktop.store.models import Base, load_all

load_all()  # every table, the deferred model files' too

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
