"""The regional (or national) plan followed up yearly, and organisations."""
