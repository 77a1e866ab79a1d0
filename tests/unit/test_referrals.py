"""Referrals: refusing self-referral and loops, chains, trees and the forest."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from crm.errors import InvalidInput, NotFound, ReferralCycle, SelfReferral
from crm.models import AuditEntry, Customer
from crm.services import referral_forest, referrer_table
from crm.services import referrals as svc
from tests.conftest import TODAY
from tests.factories import customer, visit

D = TODAY


def referrers():
    return dict(Customer.select(Customer.id, Customer.referrer).tuples())


def names(people):
    return [p.name for p in people]


def chain(*names_, joined=date(2024, 1, 1)):
    """Customers where each one referred the next: chain("A", "B") makes A the referrer of B."""
    people = []
    for name in names_:
        people.append(customer(name, joined=joined, referrer=people[-1] if people else None))
    return people


# --- set_referrer --------------------------------------------------------------


def test_self_referral_is_refused(db):
    (wang,) = chain("王丽")
    with pytest.raises(SelfReferral) as err:
        svc.set_referrer(wang.id, wang.id)
    assert err.value.customer_name == "王丽"
    assert referrers() == {wang.id: None}
    assert AuditEntry.select().count() == 0


def test_two_step_cycle_is_refused_with_the_loop_named(db):
    wang, zhang = chain("王丽", "张伟")
    with pytest.raises(ReferralCycle) as err:
        svc.set_referrer(wang.id, zhang.id)
    assert err.value.chain == ["王丽", "张伟", "王丽"]
    assert referrers() == {wang.id: None, zhang.id: wang.id}


def test_longer_cycle_is_refused_with_the_loop_named_and_nothing_changed(db):
    wang, zhang, li = chain("王丽", "张伟", "李娜")
    before = referrers()
    with pytest.raises(ReferralCycle) as err:
        svc.set_referrer(wang.id, li.id)
    assert err.value.chain == ["王丽", "张伟", "李娜", "王丽"]
    assert "王丽 → 张伟 → 李娜 → 王丽" in str(err.value)
    assert referrers() == before
    assert AuditEntry.select().count() == 0


def test_moving_a_subtree_under_an_unrelated_branch_is_allowed(db):
    root, a, b = chain("根", "甲", "乙")
    other = customer("丙", referrer=root)
    svc.set_referrer(a.id, other.id)
    assert referrers()[a.id] == other.id
    assert names(svc.upstream_chain(b.id)) == ["甲", "丙", "根"]


def test_set_referrer_audits_and_refreshes_old_and_new_referrer_levels(db):
    old = customer("旧推荐人")
    new = customer("新推荐人")
    friend = customer("朋友", referrer=old)
    for n in range(2):  # old and new both have two purchase days
        visit(old, D - timedelta(days=10 + n))
        visit(new, D - timedelta(days=10 + n))
    visit(friend, D - timedelta(days=5))  # an active referral: strong with 2 purchase days
    from crm.services import levels

    levels.refresh_customers([old.id, new.id, friend.id])
    assert Customer.get_by_id(old.id).level == 3 and Customer.get_by_id(new.id).level == 2

    svc.set_referrer(friend.id, new.id)

    assert Customer.get_by_id(old.id).level == 2
    assert Customer.get_by_id(new.id).level == 3
    entry = AuditEntry.get(AuditEntry.entity == "customer", AuditEntry.entity_id == friend.id)
    assert entry.action == "set_referrer"
    assert str(old.id) in entry.before and str(new.id) in entry.after


def test_clearing_the_referrer(db):
    wang, zhang = chain("王丽", "张伟")
    svc.set_referrer(zhang.id, None)
    assert referrers()[zhang.id] is None
    assert svc.upstream_chain(zhang.id) == []


def test_unknown_customer_or_referrer(db):
    (wang,) = chain("王丽")
    with pytest.raises(NotFound):
        svc.set_referrer(wang.id, 9999)
    with pytest.raises(NotFound):
        svc.set_referrer(9999, wang.id)


def test_upstream_chain_runs_from_the_referrer_to_the_root(db):
    a, b, c, d = chain("甲", "乙", "丙", "丁")
    assert names(svc.upstream_chain(d.id)) == ["丙", "乙", "甲"]
    assert svc.upstream_chain(a.id) == []


# --- downstream tree -------------------------------------------------------------


@pytest.fixture
def family(db):
    """根 referred 甲 and 乙; 甲 referred 丙; 丙 referred 丁."""
    root = customer("根")
    a = customer("甲", referrer=root)
    b = customer("乙", referrer=root)
    c = customer("丙", referrer=a)
    d = customer("丁", referrer=c)
    return root, a, b, c, d


def test_tree_generations_size_depth(family):
    root, a, b, c, d = family
    tree = svc.downstream_tree(root.id)
    assert tree.size == 4 and tree.depth == 3
    assert [(g.generation, g.members) for g in tree.generations] == [(1, 2), (2, 1), (3, 1)]
    assert [(n.name, n.parent_id, n.generation) for n in tree.nodes] == [
        ("甲", root.id, 1),
        ("乙", root.id, 1),
        ("丙", a.id, 2),
        ("丁", c.id, 3),
    ]
    assert [n.name for n in tree.children(a.id)] == ["丙"]
    assert svc.downstream_tree(d.id).size == 0 and svc.downstream_tree(d.id).depth == 0


def test_converted_needs_a_purchase_not_a_free_visit_or_a_refund(family):
    root, a, b, c, d = family
    visit(a, date(2026, 1, 5), amount=0)  # a visit without a purchase
    visit(b, date(2026, 1, 5), amount=-500)  # only a refund
    visit(c, date(2026, 6, 1), amount=1200)  # a purchase
    tree = svc.downstream_tree(root.id)
    converted = {n.name: n.converted for n in tree.nodes}
    assert converted == {"甲": False, "乙": False, "丙": True, "丁": False}
    assert tree.converted == 1


def test_converted_as_of_a_date(family):
    root, a, b, c, d = family
    visit(c, date(2026, 6, 1), amount=1200)
    assert svc.downstream_tree(root.id, as_of=date(2026, 5, 31)).converted == 0
    assert svc.downstream_tree(root.id, as_of=date(2026, 6, 1)).converted == 1


def test_tree_revenue_counts_purchases_and_refunds_not_the_root(family):
    root, a, b, c, d = family
    visit(root, date(2026, 3, 1), amount=99_900)  # the root's own spending is not the tree's
    visit(a, date(2026, 3, 1), amount=10_000)
    visit(a, date(2026, 3, 2), amount=-2_500)
    visit(d, date(2026, 4, 1), amount=3_000)
    visit(d, date(2026, 4, 2), amount=0, kind="service")
    tree = svc.downstream_tree(root.id)
    assert tree.revenue == 10_500
    assert {n.name: n.revenue for n in tree.nodes} == {"甲": 7_500, "乙": 0, "丙": 0, "丁": 3_000}
    assert [g.revenue for g in tree.generations] == [7_500, 0, 3_000]
    march = svc.downstream_tree(root.id, period=(date(2026, 3, 1), date(2026, 3, 31)))
    assert march.revenue == 7_500
    with pytest.raises(InvalidInput):
        svc.downstream_tree(root.id, period=(date(2026, 3, 31), date(2026, 3, 1)))


def test_tree_as_of_leaves_out_customers_who_joined_later(db):
    root = customer("根", joined=date(2025, 1, 1))
    customer("早", joined=date(2025, 2, 1), referrer=root)
    late = customer("晚", joined=date(2026, 2, 1), referrer=root)
    customer("晚的朋友", joined=date(2026, 3, 1), referrer=late)
    assert svc.downstream_tree(root.id, as_of=date(2025, 12, 31)).size == 1
    assert svc.downstream_tree(root.id).size == 3


# --- forest and super referrers -----------------------------------------------------


def test_forest_lists_roots_with_referrals_biggest_first(db):
    big = customer("大树")
    for i in range(3):
        customer(f"大树{i}", referrer=big)
    rich = customer("富树")
    rich_child = customer("富树0", referrer=rich)
    visit(rich_child, date(2026, 5, 1), amount=50_000)
    customer("孤单")  # no referrals: not a tree
    by_size = svc.forest(sort_by="size")
    assert [(t.root.name, t.size, t.direct, t.depth, t.converted, t.revenue) for t in by_size] == [
        ("大树", 3, 3, 1, 0, 0),
        ("富树", 1, 1, 1, 1, 50_000),
    ]
    assert [t.root.name for t in svc.forest(sort_by="revenue")] == ["富树", "大树"]
    assert [t.root.name for t in svc.forest(limit=1)] == ["大树"]
    with pytest.raises(InvalidInput):
        svc.forest(sort_by="name")


def test_forest_counts_the_whole_tree_under_each_root(family):
    root, a, b, c, d = family
    visit(d, date(2026, 6, 1), amount=800)
    (tree,) = svc.forest()
    assert (tree.root.id, tree.size, tree.depth, tree.direct, tree.converted, tree.revenue) == (
        root.id,
        4,
        3,
        2,
        1,
        800,
    )
    full = svc.downstream_tree(root.id)
    assert (full.size, full.depth, full.converted, full.revenue) == (4, 3, 1, 800)


def test_super_referrers_by_converted_referrals(db):
    one, two = customer("一"), customer("二")
    for i in range(3):
        customer(f"一{i}", referrer=one)  # three referrals, none bought
    for i in range(2):
        visit(customer(f"二{i}", referrer=two), date(2026, 1, 1))
    top = svc.super_referrers()
    assert [(s.person.name, s.referrals, s.converted) for s in top] == [("二", 2, 2)]


def test_the_leaderboard_ranks_current_customers_only(db):
    """An archived or erased referrer keeps their history but leaves the app's leaderboard."""
    from crm.models import Customer

    gone, here = customer("走"), customer("留")
    for i in range(3):
        visit(customer(f"走{i}", referrer=gone), date(2026, 1, 1))
    visit(customer("留0", referrer=here), date(2026, 1, 1))
    Customer.update(archived=True).where(Customer.id == gone.id).execute()
    assert [s.person.name for s in svc.super_referrers()] == ["留"]


def test_referrer_summaries_match_each_referrers_downstream_tree(family):
    root, a, b, c, d = family
    visit(a, date(2026, 6, 3), amount=2_000)
    visit(c, date(2026, 5, 3), amount=700)
    visit(d, date(2026, 6, 9), amount=900)
    visit(d, date(2026, 6, 10), amount=-400)
    june = (date(2026, 6, 1), date(2026, 6, 30))
    summaries = referrer_table.referrer_summaries(period=june, only_converted=False)
    assert [s.person.name for s in summaries] == ["根", "甲", "丙"]
    for s in summaries:
        tree = svc.downstream_tree(s.person.id, period=june)
        direct = [n for n in tree.nodes if n.generation == 1]
        assert (s.referrals, s.converted) == (len(direct), sum(n.converted for n in direct))
        assert (s.size, s.depth, s.tree_converted, s.revenue) == (
            tree.size,
            tree.depth,
            tree.converted,
            tree.revenue,
        )
    assert summaries[0].revenue == 2_500
    # 丙's only referral 丁 has bought; 甲's referral 丙 too; the root's 甲 too, 乙 not.
    assert [s.person.name for s in referrer_table.referrer_summaries()] == ["根", "甲", "丙"]
    assert [s.person.name for s in referrer_table.referrer_summaries(as_of=date(2026, 6, 5))] == ["根", "甲"]


# --- the graph never loops ----------------------------------------------------------------


def has_cycle(graph: dict) -> bool:
    for start in graph:
        seen, node = set(), start
        while node is not None:
            if node in seen:
                return True
            seen.add(node)
            node = graph[node]
    return False


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parents=st.lists(st.integers(min_value=-1, max_value=30), min_size=2, max_size=12),
    attempts=st.lists(
        st.tuples(st.integers(min_value=0, max_value=11), st.integers(min_value=-1, max_value=11)),
        max_size=25,
    ),
)
def test_referrer_graph_never_has_a_cycle(db, parents, attempts):
    Customer.delete().execute()
    referral_forest.forget()  # the ids start again from 1, unseen by the kept forest
    people = []
    for i, parent in enumerate(parents):
        # A random forest: each customer's referrer is an earlier customer or nobody.
        ref = people[parent % i] if i and parent >= 0 else None
        people.append(customer(f"客{i}", referrer=ref))
    for who, ref in attempts:
        target = people[who % len(people)]
        new = None if ref < 0 else people[ref % len(people)]
        before = referrers()
        try:
            svc.set_referrer(target.id, None if new is None else new.id)
        except (SelfReferral, ReferralCycle) as err:
            event(type(err).__name__)
            assert referrers() == before
            if isinstance(err, ReferralCycle):
                assert err.chain[0] == err.chain[-1] == target.name
        else:
            event("accepted")
            assert referrers()[target.id] == (None if new is None else new.id)
        assert not has_cycle(referrers())
    # With no loop every referred customer sits in exactly one tree under a root.
    trees = svc.forest(limit=None)
    assert sum(t.size for t in trees) == sum(1 for r in referrers().values() if r is not None)
