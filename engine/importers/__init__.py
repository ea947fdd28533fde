"""Importers: a Keras Sequential model's Python source into a ModelSpec and TrainConfig (keras.py)."""
