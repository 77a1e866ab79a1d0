"""Fixtures shared by the unit tests."""

from datetime import date

import peewee
import pytest


@pytest.fixture
def file_shop(db):
    """A shop in an SQLite file with one customer and one purchase (a PostgreSQL shop is
    backed up on its server, so these tests skip there)."""
    from crm.models import Customer
    from crm.services.customers import create_customer
    from tests.factories import visit

    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("a PostgreSQL shop is backed up on its server")
    wang = create_customer("王丽", "13812345678", code="A1", joined=date(2026, 1, 1))
    visit(Customer.get_by_id(wang.id), date(2026, 6, 1), 1000)
    return db
