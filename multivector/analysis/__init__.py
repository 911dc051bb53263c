"""Analysis of the coded store: relations between countries over time, the
multi-vector view of one country, the actor network, timelines and data quality."""
