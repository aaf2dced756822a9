"""Finished files -> a live site: staged writing, search indexing."""
