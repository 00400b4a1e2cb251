"""Configuration: defaults, then ``.letterlint.yaml``, then command-line flags, then inline.

``settings`` builds the effective Config and records where each value came from; ``schema`` is
the typed (pydantic) schema of ``.letterlint.yaml``; ``starter`` writes the commented starter file
``letterlint init`` gives; ``inline`` reads ``letterlint: disable=...`` comments in a letter.
"""
