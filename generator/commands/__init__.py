"""Commands of `handbook` by group, beside the core ones in `generator/cli.py`."""
