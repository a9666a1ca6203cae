"""Usage statistics: views and downloads counted COUNTER-style and shown within minutes."""
