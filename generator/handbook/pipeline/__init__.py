"""One build's work, done once: the session every front end starts from."""
