"""The Textual front end. It only calls into banks, store, review and export."""
