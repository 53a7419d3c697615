"""Meeting series, meetings, check-in rounds: their read tables, projector,
queries and audit sentences."""
