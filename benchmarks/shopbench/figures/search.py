"""Figure ``search``: search as you type, every keystroke of a few typing sequences per kind of
term (phone prefix, last 4 digits, name, pinyin initials, full pinyin), p95 over all terms and
per kind; the search the counter runs, with the count of matches under a cut list. Floor:
fetching the page of rows that search returned, by primary key, right after each search (the
least a search can do is read what it shows)."""

from __future__ import annotations

import random
import time

from ..common import stats


def typing(word: str) -> list[str]:
    """The terms a search box sees while ``word`` is typed."""
    return [word[: i + 1] for i in range(len(word))]


def search_sequences(seed: int) -> dict[str, list[list[str]]]:
    from crm.db import database

    rng = random.Random(seed)
    phones = [row[0] for row in database.execute_sql("SELECT phone FROM customer WHERE phone IS NOT NULL")]
    last_four = [phone[-4:] for phone in rng.sample(phones, min(8, len(phones)))]
    return {
        "phone prefix (1, 13, 138, 1381)": [typing("1381"), typing("1597"), typing("18812")],
        "last 4 digits of real phones": [typing(digits) for digits in last_four],
        "name (王, 王丽)": [typing("王丽"), typing("曾伟"), typing("欧阳")],
        "pinyin initials (w, wl)": [typing("wl"), typing("zw"), typing("lxm")],
        "full pinyin (zhang)": [typing("zhang"), typing("wangli"), typing("zeng")],
    }


def measure_search(seed: int, rounds: int) -> list[dict]:
    """Each keystroke's search, and the floor: fetching the page it returned by primary key."""
    from crm.db import database
    from crm.services import search as search_service

    def search(term: str):  # what the counter asks for each keystroke
        return search_service.find(term).hits

    p = database.param

    def fetch(ids: list[int]) -> None:
        if ids:
            sql = (
                "SELECT id, code, name, phone, level, archived, search_key, wechat FROM customer "
                f"WHERE id IN ({', '.join([p] * len(ids))})"
            )
            database.execute_sql(sql, ids).fetchall()

    sequences = search_sequences(seed)
    pages = {}
    for words in sequences.values():  # warm-up: caches, prepared statements; the pages
        for word in words:
            for term in word:
                pages[term] = [hit.id for hit in search(term)]
                fetch(pages[term])
    figures, everything, every_floor = [], [], []
    for label, words in sequences.items():
        times, floors = [], []
        for _ in range(rounds):
            for word in words:
                for term in word:
                    started = time.perf_counter()
                    search(term)
                    times.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    fetch(pages[term])
                    floors.append((time.perf_counter() - started) * 1000)
        everything += times
        every_floor += floors
        figures.append(_search_figure(f"search per keystroke: {label}", times, floors))
    figures.insert(0, _search_figure("search per keystroke (all terms)", everything, every_floor))
    return figures


def _search_figure(name: str, times: list[float], floors: list[float]) -> dict:
    measured, floor = stats(times), stats(floors)
    return {
        "figure": name,
        "key": "search",
        "stat": "p95",
        "ms": measured["p95_ms"],
        **measured,
        "floor": {
            "what": "fetching the result page search returned by primary key",
            "ms": floor["p95_ms"],
            **floor,
        },
    }
