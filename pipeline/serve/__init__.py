"""`vanban serve`: the review desk for legal staff (upload, check, correct, export)."""
