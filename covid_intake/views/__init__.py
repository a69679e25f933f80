"""Intake UI, one module per screen family: `public` (the form, receipt and status page),
`board` (the board and the steering group's ranking), `lists` (the suggestion list with bulk
triage), `detail` (a suggestion and its workflow steps) and `attachments`."""
