from people.roles import *  # noqa: F403  TEMPORARY (issue 15): the integrator rewrites imports to people.roles
