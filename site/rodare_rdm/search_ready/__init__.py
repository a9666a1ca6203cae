"""Search that says "not yet" (503) while the search indices are being refilled, never a partial or empty answer."""
