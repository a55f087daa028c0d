"""Training entry points for the shipped NER models."""
