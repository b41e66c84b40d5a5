"""The domain in pure Python: modules, case types, workflows, clocks, validators, rules.

Nothing here imports SQLAlchemy or Qt (an import-linter contract keeps it so).
"""
