"""Stimulus funds (stimulansmedel): agreements, grants and their ledger."""
