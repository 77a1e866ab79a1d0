"""Changes.lifetime: a stored lifetime fit is a change of its own, kept by | and everything()."""

from dataclasses import fields

from crm.services.changes import NOTHING, Changes


def test_a_new_fit_is_a_change_kept_when_changes_are_merged():
    fitted = Changes(lifetime=True)
    assert fitted and not NOTHING
    assert (fitted | Changes(visits=True)).lifetime and (Changes(visits=True) | fitted).lifetime
    assert not (Changes(visits=True) | Changes(tasks=True)).lifetime
    assert not fitted.any_customer  # the customers' records did not move


def test_everything_and_or_cover_every_kind_of_change():
    every = Changes.everything()
    flags = [f.name for f in fields(Changes) if f.type in ("bool", bool)]
    assert "lifetime" in flags
    assert all(getattr(every, name) for name in flags)
    for name in flags:
        one = Changes(**{name: True})
        assert one and getattr(one | NOTHING, name) and getattr(NOTHING | one, name)
