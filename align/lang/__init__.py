"""What the tool knows about Arabic and English: scripts, markers, word lists, and normalization for matching."""
