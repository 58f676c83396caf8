"""aiohttp applications over the model."""
