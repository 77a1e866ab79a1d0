"""Customer lifetime models (SPEC 9), Qt-free: numpy and scipy only.

- :mod:`~crm.lifetime.summary`: each customer's repeat purchase days, recency and age in weeks
  and mean spend per repeat purchase day as of a date, from one SQL aggregate over the visits;
- :mod:`~crm.lifetime.bgnbd`: the BG/NBD model of Fader, Hardie & Lee (2005), "Counting your
  customers the easy way": who is still a customer, and how many purchase days to expect;
- :mod:`~crm.lifetime.gamma_gamma`: the Gamma-Gamma spend model of Fader, Hardie & Lee (2005),
  "RFM and CLV: using iso-value curves for customer base analysis";
- :mod:`~crm.lifetime.value`: the value of the next twelve months, discounted monthly;
- :mod:`~crm.lifetime.simulate`: customers drawn from both models with known parameters.

Both models are fitted by maximum likelihood (:mod:`~crm.lifetime.mle`); a fit that does not
converge, or ends at an absurd parameter, raises :class:`FitFailed` rather than give a number.
"""

from __future__ import annotations


class FitFailed(Exception):
    """The likelihood has no usable maximum: the optimiser did not converge, or a parameter
    ran off to the edge of what is plausible. ``str()`` says which, in one English line."""
