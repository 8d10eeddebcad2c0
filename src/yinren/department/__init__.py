"""A department's own view of its work: the review queue's filters and the head's throughput statistics."""
