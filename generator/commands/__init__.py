"""Command groups registered on the main `handbook` group, one module per group."""
