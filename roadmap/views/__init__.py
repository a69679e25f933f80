"""Roadmap pages, one module per screen family: `timeline` (the timeline and its downloads),
`analysis` (graph, phases, adoption, what-if, violations), `items` (an item's page and
editing it), `editing` (dependencies, adoption plans, challenges), `scenarios`, and `public`
(the published roadmap, mounted under /public/). Views are thin: they call selectors and
services and render."""
