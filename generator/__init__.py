"""ppdb: a static site generator for a database of political prisoners."""
