"""The reader's trained weights (`make train` writes them): arrays and JSON, no code."""
