"""Keras Sequential code -> ModelSpec + TrainConfig, read with ast and never executed."""

import json

import pytest

from engine.importers.keras import KerasImportError, import_keras_file, import_keras_source
from engine.errors import SpecError
from engine.graph import validate
from engine.layers import ShapeContext

TUTORIAL = """\
model = Sequential()
model.add(Dense(64, activation='relu', input_shape=(input_dim,)))
model.add(Dense(64, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=10, batch_size=32, validation_data=(x_val, y_val))
"""


def test_tutorial_imports_to_the_tutorial_network():
    result = import_keras_source(TUTORIAL)
    spec = result.spec
    assert [n.type for n in spec.nodes] == ["Input", "Dense", "Dense", "Output"]
    assert spec.is_chain()
    assert [n.params for n in spec.nodes[1:3]] == [{"units": 64, "activation": "relu", "bias": True}] * 2
    assert result.task == "binary"
    c = result.config
    assert (c.optimizer, c.learning_rate, c.epochs, c.batch_size) == ("adam", 1e-3, 10, 32)
    assert validate(spec, ShapeContext(12, 1, "binary")) == []
    assert any("becomes the Output layer (binary)" in n for n in result.notes)


def test_source_is_never_executed(tmp_path):
    marker = tmp_path / "ran"
    source = f"open({str(marker)!r}, 'w').write('x')\n" + TUTORIAL
    import_keras_source(source)
    assert not marker.exists()


def test_list_form_keras_namespaces_and_other_layers():
    source = """
import keras
from keras import layers
UNITS = 32
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(UNITS, activation="gelu", use_bias=False),
    layers.BatchNormalization(momentum=0.9, epsilon=1e-5),
    layers.Dropout(0.25),
    layers.Activation("tanh"),
    layers.LayerNormalization(),
])
model.add(layers.Dense(4, activation="softmax"))
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.8),
              loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=7, batch_size=128, validation_split=0.2)
"""
    result = import_keras_source(source)
    types = [n.type for n in result.spec.nodes]
    assert types == ["Input", "Dense", "BatchNorm", "Dropout", "Tanh", "LayerNorm", "Output"]
    assert result.spec.nodes[1].params == {"units": 32, "activation": "gelu", "bias": False}
    assert result.spec.nodes[2].params == {"momentum": pytest.approx(0.1), "eps": 1e-5}
    assert result.spec.nodes[3].params == {"rate": 0.25}
    assert result.task == "multiclass"
    c = result.config
    assert (c.optimizer, c.learning_rate, c.momentum, c.epochs, c.batch_size) == ("sgd", 0.05, 0.8, 7, 128)
    assert result.split.val == 0.2 and result.split.test == 0.15
    assert validate(result.spec, ShapeContext(8, 4, "multiclass")) == []


def test_regression_with_final_activation_layer_and_a_builder_function():
    source = """
def build():
    m = Sequential()
    m.add(Dense(16, input_dim=5))
    m.add(Activation('relu'))
    m.add(Dense(1))
    return m
net = build()
net.compile(optimizer='rmsprop', loss='mse')
net.fit(X, y, epochs=3)
"""
    result = import_keras_source(source)
    assert [n.type for n in result.spec.nodes] == ["Input", "Dense", "ReLU", "Output"]
    assert result.task == "regression" and result.config.optimizer == "rmsprop" and result.config.epochs == 3


@pytest.mark.parametrize("source, message", [
    ("model = Sequential()\nmodel.add(Dense(8))\n\nmodel.add(Conv3D(3, 3))\n",
     "line 4: Conv3D is not supported; supported layers: Dense"),
    ("model = Sequential()\nfor _ in range(3):\n    model.add(Dense(8))\n", "line 3: model.add() inside a loop"),
    ("model = Sequential()\nmodel.add(Dense(n_units))\nmodel.add(Dense(1, activation='sigmoid'))\n",
     "line 2: units must be a plain value"),
    ("model = Sequential()\nmodel.add(Dense(8, activation='selu'))\n", "line 2: activation 'selu' is not supported"),
    ("model = Sequential()\nmodel.add(Dense(8))\nmodel.add(Dropout(0.5))\n", "must end with a Dense layer"),
    ("model = Sequential()\nmodel.add(Dense(1, activation='sigmoid'))\nmodel.compile(optimizer='adagrad')\n",
     "line 3: optimizer 'adagrad' is not supported"),
    ("model = Model(inputs, outputs)\n", "line 1: only Sequential models"),
    ("x = 1\n", "no Keras Sequential model found"),
    ("model = Sequential(\n", "line 1: this is not valid Python"),
])
def test_unsupported_code_names_the_line(source, message):
    with pytest.raises(KerasImportError) as info:
        import_keras_source(source)
    assert message in str(info.value)
    assert isinstance(info.value, SpecError)


def test_cli_import_keras(tmp_path, capsys):
    from engine.cli.main import main
    from engine.graph import ModelSpec
    from engine.training import TrainConfig

    src = tmp_path / "tutorial.py"
    src.write_text(TUTORIAL)
    spec_path, config_path = tmp_path / "spec.json", tmp_path / "config.json"
    assert main(["import-keras", str(src), "-o", str(spec_path), "--config", str(config_path)]) == 0
    spec = ModelSpec.from_json(spec_path.read_text())
    assert [n.type for n in spec.nodes] == ["Input", "Dense", "Dense", "Output"]
    data = json.loads(config_path.read_text())
    config = TrainConfig.from_dict(data)
    assert (config.epochs, config.batch_size, config.optimizer, data["task"]) == (10, 32, "adam", "binary")
    assert "--model" in capsys.readouterr().out
    bad = tmp_path / "bad.py"
    bad.write_text("model = Sequential()\nmodel.add(SimpleRNN(4))\n")
    assert main(["import-keras", str(bad), "-o", str(tmp_path / "x.json")]) == 2
    assert "bad.py: line 2: SimpleRNN is not supported" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_import_keras_file_reports_unreadable_file(tmp_path):
    with pytest.raises(KerasImportError, match="Cannot read"):
        import_keras_file(tmp_path / "nope.py")
