"""The pure check functions, by subject. Importing this package registers them all."""

from bjstc_desktop.core.checklib import amounts, dates, hnte, people, shared, thresholds  # noqa: F401
from bjstc_desktop.core.checklib.base import CHECK_FUNCTIONS, CheckContext, Outcome, check_function

__all__ = ["CHECK_FUNCTIONS", "CheckContext", "Outcome", "check_function"]
