"""The Training page's parts: settings form, curves, runs list, progress strip and the run's thread."""
