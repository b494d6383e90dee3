"""Checking many documents at once (in this process, on a process pool or on Dask) and baselines of accepted findings."""
