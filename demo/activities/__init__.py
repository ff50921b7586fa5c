"""Step 9, the activities of the TRIIP firms, one module each, in this order: coaching,
workshops, the timbank, trips, the export lab, outcomes (docs/domain.md §2)."""
