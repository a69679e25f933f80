"""Staff UI of scoring: rankings and weights (`scores`), jobs with progress (`jobs`), the
optimiser and scenarios (`scenarios`); what they share is in `common`."""
