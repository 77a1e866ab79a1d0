"""The suggestions of a day read a page at a time: the same suggestions in the same order as the
whole list, the levels ranked only as the pages reach them, a few customers found again."""

from crm import demo
from crm.services import followup_page, lifetime, settings, suggestion_book, suggestions, tasks
from tests.conftest import TODAY as D


def key(s):
    return (s.rule, s.customer_id, s.anchor, s.kind, s.due, s.level, s.value_12m, s.via_id, s.phone)


def test_pages_of_the_book_are_the_whole_list_in_order(db):
    demo.generate(600, seed=5, until=D)
    assert lifetime.fit(D).ok  # the expected values take part in the ranking
    whole = suggestions.suggestions(D)
    book = suggestion_book.find(D)
    assert book.count == len(whole) > 40

    pages = [s for start in range(0, book.count + 7, 7) for s in book.page(start, 7)]

    assert [key(s) for s in pages] == [key(s) for s in whole]
    assert [s.customer_name for s in pages] == [s.customer_name for s in whole]
    assert book.page(book.count, 5) == []


def test_the_first_page_ranks_only_the_levels_it_reaches(db):
    demo.generate(600, seed=5, until=D)
    book = suggestion_book.find(D)
    top = book.levels[0]
    assert len(book.levels) > 2 and len(top) >= 2

    first = book.page(0, 2)

    assert {s.level for s in first} == {top.level}
    assert top.order is not None and all(group.order is None for group in book.levels[1:])
    assert book.ranked_through(len(top)) and not book.ranked_through(len(top) + 1)


def test_a_few_customers_found_again_take_their_places_as_a_new_read_would(db):
    demo.generate(600, seed=5, until=D)
    book = suggestion_book.find(D)
    book.page(0, book.count)  # every level ranked
    first, second = book.page(0, 2)
    task = suggestions.accept_suggestion(first)  # no longer suggested ...
    open_before = [
        t for t in tasks.list_tasks("open", customer_id=second.customer_id) if t.kind == second.kind
    ]
    for t in open_before:  # ... and one that stands again once its open task is done
        tasks.complete_task(t.id)

    book, page = followup_page.refound_suggestions(book, {task.customer_id, second.customer_id}, 50, D)

    fresh = suggestions.suggestions(D)
    assert book.count == len(fresh)
    assert [key(s) for s in page] == [key(s) for s in fresh[:50]]
    assert [key(s) for s in book.page(0, book.count)] == [key(s) for s in fresh]
    assert all(s.customer_id != first.customer_id or s.kind != first.kind for s in fresh)


def test_the_first_page_can_come_before_the_lower_levels_rules_are_asked(db):
    demo.generate(600, seed=5, until=D)
    whole = suggestions.suggestions(D)
    settings.set(followup_page.DAILY_KEY, 2)

    first = followup_page.daily_suggestions(None, D, first_only=True)

    assert not first.book.complete and first.book.exact_through() >= 2
    assert first.total < len(whole)  # the Micro and Weak customers not back are not asked yet
    assert [key(s) for s in first.first] == [key(s) for s in whole[:2]]
    done = followup_page.rest_of_suggestions(first)
    assert done.book.complete and done.total == len(whole)
    assert [key(s) for s in done.book.page(0, done.total)] == [key(s) for s in whole]


def test_a_first_page_reaching_the_lower_levels_waits_for_their_rules(db):
    demo.generate(600, seed=5, until=D)
    whole = suggestions.suggestions(D)
    top = suggestion_book.find(D, first_only=True).exact_through()
    settings.set(followup_page.DAILY_KEY, top + 1)

    first = followup_page.daily_suggestions(None, D, first_only=True)

    assert first.book.complete and first.total == len(whole)
    assert [key(s) for s in first.first] == [key(s) for s in whole[: top + 1]]
