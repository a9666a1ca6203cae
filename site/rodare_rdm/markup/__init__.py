"""Text people write that pages show as HTML: sanitised on the way in where upstream leaves a gap."""
