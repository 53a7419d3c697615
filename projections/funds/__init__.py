"""The stimulus funds: read tables, projector, queries, audit sentences and
the yearly report."""
