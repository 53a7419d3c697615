"""The plan: persons, arenas, members, initiatives and decisions; their projector and queries."""
