"""Text utilities shared by the stages: dates, language, normalisation."""
