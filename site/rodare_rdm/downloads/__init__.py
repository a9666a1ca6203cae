"""Downloads handed to the reverse proxy: the app checks, nginx sends the bytes."""
