"""Crisis communication: protocol, message templates and incidents."""
