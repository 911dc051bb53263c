"""The self-contained HTML report: one file, no network, every number linked to
the sentences behind it."""
