"""Batch conversion of document archives: plan the work, run it in parallel worker processes
(or on Dask), record every file in the manifest of the store, build the citation graph at the end."""
