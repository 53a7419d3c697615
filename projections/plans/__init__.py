"""Read tables, projection and queries of plans and organisations."""
