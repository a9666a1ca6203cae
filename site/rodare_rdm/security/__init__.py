"""Start-up checks that keep a deployment from running with guessable secrets."""
