"""Sentence embeddings: the embedder protocol, the model backends, the on-disk cache and the e5 model converter."""
