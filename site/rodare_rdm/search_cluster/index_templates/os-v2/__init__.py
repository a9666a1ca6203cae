"""Index templates for OpenSearch 2.x."""
