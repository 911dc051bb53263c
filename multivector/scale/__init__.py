"""Running the per-document stages at scale: the unit of work (``work``), the
executors that run it here, in local processes or on Dask (``executors``), and the
runner that feeds them from the store and writes back (``runner``)."""
