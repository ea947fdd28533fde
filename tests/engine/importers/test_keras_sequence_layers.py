"""Keras text, image and time-series layers -> LayerLab's Embedding, convolutions, pools, Flatten, Reshape, LSTM and
GRU: read with ast (never run), and the imported model validates and builds for such data."""

import pytest

from engine.graph import validate
from engine.importers.keras import KerasImportError, import_keras_source
from engine.layers import InputSource, ShapeContext
from engine.model import build_model

TEXT_CTX = ShapeContext(0, 1, "binary", sources=(InputSource("review", "text", (20,), vocab_size=50),))
IMAGE_CTX = ShapeContext(0, 10, "multiclass", sources=(InputSource("digit", "image", (1, 8, 8)),))
FLAT_IMAGE_CTX = ShapeContext(64, 10, "multiclass")
HISTORY_CTX = ShapeContext(0, 1, "regression", sources=(InputSource("history", "sequence", (24, 3)),))

TEXT = """
from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([
    layers.Embedding(10000, 16, mask_zero=True),
    layers.Bidirectional(layers.LSTM(8, return_sequences=True)),
    layers.GRU(4, dropout=0.2),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""

IMAGE = """
model = Sequential()
model.add(Input(shape=(8, 8, 1)))
model.add(Conv2D(8, (3, 3), activation='relu', padding='same'))
model.add(MaxPooling2D((2, 2)))
model.add(Conv2D(16, kernel_size=3, strides=1))
model.add(AveragePooling2D(pool_size=2, strides=2))
model.add(GlobalAveragePooling2D())
model.add(Dense(10, activation='softmax'))
"""

FLAT_IMAGE = """
model = Sequential([
    Reshape((8, 8, 1), input_shape=(64,)),
    Conv2D(4, 3),
    GlobalMaxPooling2D(),
    Dense(10, activation='softmax'),
])
"""

SERIES = """
model = Sequential()
model.add(Conv1D(filters=16, kernel_size=3, activation='relu', input_shape=(24, 3)))
model.add(MaxPooling1D(pool_size=2))
model.add(AveragePooling1D(2))
model.add(LSTM(8, return_sequences=True))
model.add(GlobalMaxPooling1D())
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
"""

CONV_FLATTEN = """
model = Sequential([Conv1D(4, 5, padding='valid'), GlobalAveragePooling1D(), Dense(8), Flatten(), Dense(1)])
"""


def _layers(result):
    """The imported layers between the Input and the Output (their params are LayerLab's defaults)."""
    nodes = result.spec.nodes
    assert (nodes[0].type, nodes[-1].type) == ("Input", "Output")
    return [(n.type, n.params) for n in nodes[1:-1]]


def test_text_model_imports_embedding_and_bidirectional_recurrent_layers():
    result = import_keras_source(TEXT)
    assert _layers(result) == [
        ("Embedding", {"dim": 16}),
        ("LSTM", {"hidden": 8, "bidirectional": True, "output": "sequence", "layers": 1}),
        ("GRU", {"hidden": 4, "bidirectional": False, "output": "last", "layers": 1})]
    assert result.task == "binary"
    assert any("vocabulary" in n for n in result.notes) and any("dropout" in n for n in result.notes)
    assert validate(result.spec, TEXT_CTX) == []
    assert build_model(result.spec, TEXT_CTX).layers["lstm_1"].rnn.bidirectional


def test_image_model_imports_convolutions_and_pools_with_keras_padding():
    result = import_keras_source(IMAGE)
    assert _layers(result) == [
        ("Conv2d", {"filters": 8, "kernel": 3, "padding": "same", "stride": 1}), ("ReLU", {}),
        ("MaxPool2d", {"size": 2}),
        ("Conv2d", {"filters": 16, "kernel": 3, "padding": "valid", "stride": 1}),  # Keras' default padding
        ("AvgPool2d", {"size": 2}), ("GlobalAvgPool", {})]
    assert result.task == "multiclass"
    assert validate(result.spec, IMAGE_CTX) == []


def test_reshape_to_an_image_becomes_channels_first():
    result = import_keras_source(FLAT_IMAGE)
    assert _layers(result)[0] == ("Reshape", {"shape": "1,8,8"})
    assert any("channels first" in n for n in result.notes)
    assert validate(result.spec, FLAT_IMAGE_CTX) == []


def test_time_series_model_imports_conv1d_pools_and_lstm():
    result = import_keras_source(SERIES)
    assert [t for t, _ in _layers(result)] == ["Conv1d", "ReLU", "MaxPool1d", "AvgPool1d", "LSTM", "GlobalMaxPool"]
    assert result.spec.nodes[1].params == {"filters": 16, "kernel": 3, "padding": "valid", "stride": 1}
    assert result.spec.nodes[5].params["output"] == "sequence"
    assert result.task == "regression"
    assert validate(result.spec, HISTORY_CTX) == []


def test_flatten_between_layers():
    result = import_keras_source(CONV_FLATTEN)
    assert [t for t, _ in _layers(result)] == ["Conv1d", "GlobalAvgPool", "Dense", "Flatten"]


@pytest.mark.parametrize("layer, message", [
    ("Conv2D(8, (3, 5))", "kernel_size (3, 5) is not square"),
    ("Conv1D(8, 3, padding='causal')", "padding 'causal' is not supported"),
    ("Conv2D(8, 3, dilation_rate=2)", "dilation_rate other than 1"),
    ("Conv2D(8)", "needs filters and kernel_size"),
    ("MaxPooling2D(2, strides=1)", "strides 1 other than its pool_size 2"),
    ("MaxPooling1D(2, padding='same')", "padding 'same' is not supported"),
    ("Reshape((-1, 4))", "-1 cannot be imported"),
    ("Bidirectional(Dense(4))", "needs an LSTM or GRU layer inside"),
    ("Bidirectional(LSTM(4), merge_mode='sum')", "merge_mode must be 'concat'"),
    ("LSTM(4, return_state=True)", "return_state=True) cannot be imported"),
    ("GRU(units=n)", "units must be a plain value"),
    ("Embedding(100)", "Embedding needs output_dim"),
])
def test_unsupported_settings_name_the_line(layer, message):
    source = f"model = Sequential()\nmodel.add({layer})\nmodel.add(Dense(1))\n"
    with pytest.raises(KerasImportError) as info:
        import_keras_source(source)
    assert "line 2" in str(info.value) and message in str(info.value)


def test_layer_code_is_read_never_run(tmp_path):
    marker = tmp_path / "ran"
    source = f"model = Sequential([Conv1D(4, int(open({str(marker)!r}, 'w').write('x'))), Dense(1)])\n"
    with pytest.raises(KerasImportError, match="kernel_size must be a plain value"):
        import_keras_source(source)
    assert not marker.exists()
