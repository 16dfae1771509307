"""Intake: Excel ledgers (台账) in, YAML records out, and the records back out as a ledger.

A stage of its own beside the CLI: it reads the contract's field specs for the
columns and checks every row with the validator itself, so a ledger can never
carry in what a hand-written record could not.
"""
