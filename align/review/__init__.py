"""Reviewing an alignment: the review state and its edit operations, the decision store, queries and exports."""
