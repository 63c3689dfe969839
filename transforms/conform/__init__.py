"""Conformers: a body's raw rows in, pseudonymised core records out."""
