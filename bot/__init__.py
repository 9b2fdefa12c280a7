"""The Discord side of layoffs-bot (discord.py 2.x): cogs over the answering core in ``index``."""
