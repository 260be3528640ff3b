"""What is wrong with a hub, and what is stale: findings with file, line and fix."""
