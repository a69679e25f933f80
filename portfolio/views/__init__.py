"""Staff and public pages of the portfolio, one module per screen family (thin views over
selectors and services; forms in `portfolio.forms`)."""

from core.policy import policy_view
from portfolio import policies

office_required = policy_view(policies.can_manage_reference_data, login=True)
