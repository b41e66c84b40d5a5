"""Repositories: the only read path. Case reads take the acting user and filter by
role, clearance and module scope in SQL, so lists, counts and searches all obey one rule."""
