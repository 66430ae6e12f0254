"""Making a report publishable: the names register and the checks before publication."""
