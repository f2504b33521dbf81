"""The translation memory: segment pairs, search, and term pairs aligned from them."""
