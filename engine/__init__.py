"""LayerLab engine: data, models, training and export, without Qt."""

__version__ = "0.1.0"
