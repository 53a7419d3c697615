"""Read tables of the indicators: definitions, current values, their history."""
