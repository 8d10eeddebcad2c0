from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from yinren.models import Base


def test_the_migrations_build_exactly_the_models(database_url) -> None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            indexes = {index["name"] for index in inspect(connection).get_indexes("payment_entries")}
            assert {"uq_payment_entries_identity", "uq_payment_entries_once"} <= indexes
    finally:
        engine.dispose()
