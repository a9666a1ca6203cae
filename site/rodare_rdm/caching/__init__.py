"""Process-local caching in front of Redis for what every request reads many times."""
