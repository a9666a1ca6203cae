"""The 30-day file window: owners change a published version's files without a new version."""
