"""What volunteers write -> one checked, cross-linked Catalog."""
