"""Catalog -> pages: plan what to publish where, then render it to HTML."""
