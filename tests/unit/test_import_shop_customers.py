"""A small file into a big shop reads only the customers its rows name (crm.io.importer.
shop_customers), and imports exactly as when the whole shop is read: every test of
test_import.py runs here again with the shop read customer by customer."""

from __future__ import annotations

import pytest

from crm.io.importer import shop_customers
from crm.io.importer.shop_customers import ShopCustomers
from tests.factories import customer
from tests.unit.test_import import *  # noqa: F403 - the same tests, the other way of reading


@pytest.fixture(autouse=True)
def read_only_what_rows_name(monkeypatch):
    monkeypatch.setattr(shop_customers, "READ_ALL_FROM", float("inf"))


def test_a_few_rows_read_only_the_customers_they_name_each_once(db):
    wang = customer("王丽", phone="+8613812345678", code="A1")
    customer("王丽", code="A2")
    for n in range(30):
        customer(f"顾客{n}", code=f"B{n}")
    shop = ShopCustomers(file_rows=3)
    assert not shop.everyone
    found = shop.get("phone", "+8613812345678")
    assert found.id == wang.id and shop.get("code", "A1") is found  # one object, whichever key
    assert len(shop.by["id"]) == 1
    namesakes = shop.named("王丽")
    assert sorted(c.code for c in namesakes) == ["A1", "A2"] and found in namesakes
    assert shop.get("code", "nobody") is None and shop.named("nobody") == []
    assert len(shop.by["id"]) == 2  # of 32 customers
    assert shop.get("id", wang.id) is found


def test_a_file_as_big_as_a_tenth_of_the_shop_reads_it_whole(db, monkeypatch):
    monkeypatch.setattr(shop_customers, "READ_ALL_FROM", 0.1)
    for n in range(30):
        customer(f"顾客{n}", code=f"B{n}")
    assert not ShopCustomers(file_rows=2).everyone
    shop = ShopCustomers(file_rows=3)
    assert shop.everyone and len(shop.by["id"]) == 30
