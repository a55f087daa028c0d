"""Indonesian security-cooperation news to research data."""
__version__ = "0.1.0"
