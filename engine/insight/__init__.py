"""What a model and its training say about themselves: learning-rate range test, fit diagnosis, explanations, cost."""
