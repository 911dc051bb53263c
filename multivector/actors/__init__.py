"""Actors: the knowledge base, mentions in text, and their resolution."""
