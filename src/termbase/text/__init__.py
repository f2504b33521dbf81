"""Reading text: bytes to Unicode (``decode``) and files to documents (``documents``).

Every stage that reads a user's file goes through here: BOMs are honoured,
undecodable bytes are reported with where they are, and plain text, HTML and
scraped pages become ``Document`` objects with their lines and line numbers.
"""
