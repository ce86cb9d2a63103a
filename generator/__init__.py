"""The OCOP catalogue generator: load -> validate -> render -> write (see README)."""
