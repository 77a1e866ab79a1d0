"""The customer page: one customer's profile, level, timeline, referrals,
communities and tasks (:mod:`ui.views.customer.page` assembles the parts)."""
