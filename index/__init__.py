"""layoffs-bot's answering core: ingest, clean, chunk, embed, store, retrieve and answer.

Nothing in this package imports ``bot`` or discord: the core runs from the CLI and tests alone.
"""
