"""Staff and public pages of the portfolio, one module per screen family (thin views over
selectors and services; forms in `portfolio.forms`)."""
