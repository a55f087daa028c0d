"""Indonesian security-cooperation news to research data."""
__version__ = "0.1.0"

# Per-article time budget of `run`, seconds: one pathological page must not stall a batch.
ARTICLE_SECONDS = 120.0
