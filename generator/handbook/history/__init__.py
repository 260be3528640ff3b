"""Git history: the one module that runs git, and what is derived from commits."""
