"""Embargoes that owners can extend or end early, that remind them and tell them when they lift."""
