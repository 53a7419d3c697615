"""Indicators: what the plan follows, with values per area, period and group."""
