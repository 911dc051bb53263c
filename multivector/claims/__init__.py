"""Claims: who says what, in whose voice, with what framing (quotes, reported
speech, the author's own assertions), and each outlet's tone toward actors."""
