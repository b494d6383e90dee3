"""Cutting texts into segments: sentences and list items, and the bilingual region of a mixed document."""
