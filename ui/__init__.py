"""The ShopCircle desktop app (Qt for Python)."""
