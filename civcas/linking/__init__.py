"""Linking: the same victim or incident named by several sources, made comparable for Splink."""
