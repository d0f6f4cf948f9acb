"""Text handling: normalisation with an offset map, tokens, sentences, reading files."""
