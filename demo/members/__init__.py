"""Steps 4, 5 and 8: who is inside the clusters (organizations, people and governance), and
their alliances and fees."""
