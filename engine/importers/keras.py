"""Import a Keras Sequential model from Python source, by reading it with ast (never running it).

Supported: ``Sequential()`` / ``Sequential([...])`` with ``.add(...)``; the layers Dense, Dropout,
BatchNormalization, LayerNormalization, Activation and Input (or ``input_shape``/``input_dim``), and for text,
images and time series Embedding, Conv1D/2D, Max/AveragePooling1D/2D, GlobalAverage/MaxPooling1D/2D, Flatten,
Reshape, LSTM and GRU (return_sequences, in Bidirectional) (engine.importers.keras_layers);
``compile(optimizer=..., loss=...)`` and ``fit(epochs=..., batch_size=..., validation_split=...)``.
The last Dense layer becomes LayerLab's Output layer (its activation tells the task: sigmoid ->
binary, softmax -> multiclass, none -> regression); the input width always comes from the data.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import SpecError
from engine.graph import ModelSpec
from engine.graph.spec import MAX_NODES
from engine.i18n import _
from engine.importers.keras_layers import SEQUENCE_LAYERS, convert
from engine.preprocess import Split
from engine.training import TrainConfig

SUPPORTED_LAYERS = ("Dense", "Dropout", "BatchNormalization", "LayerNormalization", "Activation", "Input",
                    "InputLayer", *SEQUENCE_LAYERS)
ACTIVATIONS = {"relu": "relu", "sigmoid": "sigmoid", "tanh": "tanh", "softmax": "softmax", "elu": "elu",
               "gelu": "gelu", "swish": "silu", "silu": "silu", "leaky_relu": "leaky_relu",
               "linear": "none", None: "none"}
ACTIVATION_LAYERS = {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh", "softmax": "Softmax", "elu": "ELU",
                     "gelu": "GELU", "silu": "SiLU", "leaky_relu": "LeakyReLU"}
OPTIMIZERS = {"adam": ("adam", 1e-3), "adamw": ("adamw", 1e-3), "sgd": ("sgd", 1e-2), "rmsprop": ("rmsprop", 1e-3)}
LOSSES = {"binary_crossentropy": "binary", "binarycrossentropy": "binary",
          "categorical_crossentropy": "multiclass", "categoricalcrossentropy": "multiclass",
          "sparse_categorical_crossentropy": "multiclass", "sparsecategoricalcrossentropy": "multiclass",
          "mse": "regression", "mean_squared_error": "regression", "meansquarederror": "regression"}


class KerasImportError(SpecError):
    """Keras code that cannot be imported; the message names the line and what is supported."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(_("line {line}: {message}").format(line=line, message=message) if line else message)
        self.line = line


IMPORTED_NAME = "Imported Keras model"  # a stock name: runs and exports take the project's name instead
MAX_SOURCE_BYTES = 16 * 1024**2  # a model script is kilobytes; the importer is bounded, reading is too


@dataclass
class KerasImport:
    """What a Keras script becomes: a ModelSpec, a TrainConfig, the task, and notes for the user.

    ``split`` is set only when fit() gave validation_split.
    """

    spec: ModelSpec
    config: TrainConfig
    task: str | None
    split: Split | None = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line per layer and the settings, for the CLI."""
        layers = [f"{n.type} {n.params}" if n.params else n.type for n in self.spec.nodes]
        c = self.config
        lines = ["Layers: " + " -> ".join(layers),
                 f"Task: {self.task or 'from the data'}; optimizer {c.optimizer} (lr {c.learning_rate:g}); "
                 f"{c.epochs} epochs; batch {c.batch_size}"]
        return "\n".join(lines + [f"note: {n}" for n in self.notes])


def import_keras_file(path: str | Path) -> KerasImport:
    """Read a .py file and import its Sequential model. Raises KerasImportError (naming the file)."""
    from engine.io.user_files import regular_file

    path = Path(path)
    if path.exists() or path.is_symlink():  # a missing file is "Cannot read" below
        regular_file(path, "Keras source", KerasImportError, MAX_SOURCE_BYTES)  # a FIFO would block read_text
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KerasImportError(_("Cannot read '{path}': {problem}").format(path=path, problem=exc)) from None
    try:
        return import_keras_source(source)
    except KerasImportError as exc:
        raise KerasImportError(f"{path.name}: {exc}") from None


def import_keras_source(source: str) -> KerasImport:
    """Turn Keras Sequential source code into a KerasImport without executing it.

    Raises:
        KerasImportError: a syntax error, no Sequential model, or an unsupported layer or value
            (the message names the line and lists what is supported).
    """
    try:
        tree = ast.parse(source)
        return _Reader(tree).read()
    except SyntaxError as exc:
        raise KerasImportError(_("this is not valid Python: {problem}").format(problem=exc.msg), exc.lineno) from None
    except (RecursionError, MemoryError):  # e.g. 100,000 chained '+' or unary '-': Python cannot even parse it
        raise KerasImportError(_("the code is nested too deeply to read (an expression of thousands of parts); "
                                 "write the model out plainly, one layer per line.")) from None


def _callee(node: ast.AST) -> str | None:
    """The last name of a call target: keras.layers.Dense -> "Dense"."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


class _Reader:
    def __init__(self, tree: ast.Module):
        self.tree = tree
        self.constants: dict[str, object] = {}
        self.models: set[str] = set()
        self.layers: list[tuple[str, ast.Call]] = []
        self.compile_call: ast.Call | None = None
        self.fit_call: ast.Call | None = None
        self.other_calls: dict[str, ast.Call] = {}
        self.notes: list[str] = []

    # -- walking (in source order, so layers keep the order they were added in) ----------------
    def read(self) -> KerasImport:
        self._visit(self.tree, in_loop=False)
        if not self.models:
            raise KerasImportError(_("no Keras Sequential model found: write e.g. {example}.").format(
                example="model = Sequential() and model.add(Dense(64, activation='relu'))"))
        return self._build()

    def _visit(self, node: ast.AST, in_loop: bool) -> None:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self._assignment(node.targets[0].id, node.value)
            return
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id in self.models:
                if in_loop and node.func.attr == "add":
                    raise KerasImportError(_("model.add() inside a loop cannot be read without running the code; "
                                             "write each layer out."), node.lineno)
                self._method(node)
                return
            if isinstance(owner, ast.Name) and node.func.attr in ("fit", "compile"):
                self.other_calls.setdefault(node.func.attr, node)  # e.g. m = build(); m.fit(...)
        loop = in_loop or isinstance(node, (ast.For, ast.While, ast.comprehension))
        for child in ast.iter_child_nodes(node):
            self._visit(child, loop)

    def _assignment(self, name: str, value: ast.AST) -> None:
        try:
            self.constants[name] = ast.literal_eval(value)
            return
        except (ValueError, SyntaxError, TypeError):
            pass
        kind = _callee(value) if isinstance(value, ast.Call) else None
        if kind == "Sequential":
            self.models.add(name)
            layers = value.args[0] if value.args else next((k.value for k in value.keywords if k.arg == "layers"),
                                                           None)
            if isinstance(layers, (ast.List, ast.Tuple)):
                for item in layers.elts:
                    self._layer(item)
        elif kind in ("Model", "Functional"):
            raise KerasImportError(_("only Sequential models can be imported (this is the functional API); "
                                     "draw branches on the canvas instead."), value.lineno)

    def _method(self, call: ast.Call) -> None:
        method = call.func.attr
        if method == "add":
            if not call.args:
                raise KerasImportError(_("add() needs a layer."), call.lineno)
            self._layer(call.args[0])
        elif method == "compile":
            self.compile_call = call
        elif method == "fit":
            self.fit_call = call

    def _layer(self, node: ast.AST) -> None:
        name = _callee(node) if isinstance(node, ast.Call) else None
        if name not in SUPPORTED_LAYERS:
            shown = name or ast.unparse(node)
            raise KerasImportError(_("{layer} is not supported; supported layers: {supported}.").format(
                layer=shown, supported=", ".join(SUPPORTED_LAYERS)), getattr(node, "lineno", None))
        if len(self.layers) >= MAX_NODES - 2:  # room for the Input and Output layers
            raise KerasImportError(_("the model has more than {count} layers; LayerLab opens models of up to "
                                     "{most} layers.").format(count=f"{MAX_NODES - 2:,}", most=f"{MAX_NODES:,}"),
                                   getattr(node, "lineno", None))
        self.layers.append((name, node))

    # -- values ----------------------------------------------------------------------------
    @staticmethod
    def fail(message: str, line: int | None = None):
        """Stop reading: a KerasImportError naming the line."""
        raise KerasImportError(message, line)

    @staticmethod
    def activation_layer(act: str) -> list[tuple[str, dict]]:
        """The LayerLab activation layer after a layer with ``activation=`` (none for 'none')."""
        return [(ACTIVATION_LAYERS[act], {})] if act != "none" else []

    def _value(self, node: ast.AST, what: str, line: int):
        if isinstance(node, ast.Name) and node.id in self.constants:
            return self.constants[node.id]
        try:
            return ast.literal_eval(node)
        except (ValueError, SyntaxError, TypeError):
            raise KerasImportError(f"{what} must be a plain value, not {ast.unparse(node)!r} (the code is read, "
                                   "never run, so computed values cannot be known).", line) from None

    def _number(self, node: ast.AST, what: str, line: int) -> float:
        """A finite number (a bool, None, text or 1e400 is refused with the line)."""
        value = self._value(node, what, line)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise KerasImportError(f"{what} must be a finite number; got {value!r}.", line)
        return float(value)

    def _whole(self, node: ast.AST, what: str, line: int) -> int:
        """A whole number (3 or 3.0; not 3.5, None or 1e400)."""
        value = self._number(node, what, line)
        if not value.is_integer():
            raise KerasImportError(f"{what} must be a whole number; got {value!r}.", line)
        return int(value)

    def _args(self, call: ast.Call, names: tuple[str, ...], known: tuple[str, ...] = ()) -> dict:
        """Positional args by ``names`` and keyword args; unknown keywords are noted and ignored."""
        out = {}
        for name, node in zip(names, call.args):
            out[name] = node
        for kw in call.keywords:
            if kw.arg in names or kw.arg in known:
                out[kw.arg] = kw.value
            elif kw.arg not in ("name", "dtype", "trainable"):
                self.notes.append(f"line {call.lineno}: {_callee(call)}({kw.arg}=...) is ignored.")
        return out

    def _activation(self, node, line: int) -> str:
        value = None if node is None else self._value(node, "activation", line)
        key = value.lower() if isinstance(value, str) else value
        if key not in ACTIVATIONS:
            raise KerasImportError(f"activation {value!r} is not supported; supported: "
                                   + ", ".join(str(k) for k in ACTIVATIONS if k) + ".", line)
        return ACTIVATIONS[key]

    # -- building --------------------------------------------------------------------------
    def _build(self) -> KerasImport:
        self.compile_call = self.compile_call or self.other_calls.get("compile")
        self.fit_call = self.fit_call or self.other_calls.get("fit")
        hidden: list[tuple[str, dict]] = []
        dense_rows: list[tuple[int, int, str, int]] = []  # (index in hidden, units, activation, line)
        for name, call in self.layers:
            line = call.lineno
            if name in ("Input", "InputLayer"):
                continue  # the input width comes from the data
            if name == "Dense":
                a = self._args(call, ("units", "activation", "use_bias"), ("input_shape", "input_dim"))
                if "units" not in a:
                    raise KerasImportError("Dense needs a number of units, e.g. Dense(64).", line)
                units = self._value(a["units"], "units", line)
                if not isinstance(units, int) or isinstance(units, bool) or units < 1:
                    raise KerasImportError(f"Dense units must be a whole number of at least 1; got {units!r}.", line)
                act = self._activation(a.get("activation"), line)
                bias = bool(self._value(a["use_bias"], "use_bias", line)) if "use_bias" in a else True
                dense_rows.append((len(hidden), units, act, line))
                hidden.append(("Dense", {"units": units, "activation": act, "bias": bias}))
            elif name == "Dropout":
                a = self._args(call, ("rate",))
                rate = self._number(a["rate"], "rate", line) if "rate" in a else 0.5
                hidden.append(("Dropout", {"rate": min(max(rate, 0.0), 0.99)}))
            elif name == "BatchNormalization":
                a = self._args(call, ("axis", "momentum", "epsilon"))
                momentum = self._number(a["momentum"], "momentum", line) if "momentum" in a else 0.99
                eps = self._number(a["epsilon"], "epsilon", line) if "epsilon" in a else 1e-3
                hidden.append(("BatchNorm", {"momentum": round(1.0 - momentum, 10), "eps": eps}))  # torch = 1 - keras
            elif name == "LayerNormalization":
                a = self._args(call, ("axis", "epsilon"))
                eps = self._number(a["epsilon"], "epsilon", line) if "epsilon" in a else 1e-3
                hidden.append(("LayerNorm", {"eps": eps}))
            elif name == "Activation":
                a = self._args(call, ("activation",))
                hidden += self.activation_layer(self._activation(a.get("activation"), line))
            elif name in SEQUENCE_LAYERS:
                hidden += convert(self, name, call)
        task = self._task_from_loss()
        if not dense_rows:
            raise KerasImportError("the model has no Dense layer; its last Dense layer becomes the Output layer.")
        last_index, units, act, line = dense_rows[-1]
        tail = hidden[last_index + 1:]
        if any(t not in ("Sigmoid", "Softmax") for t, _ in tail):
            raise KerasImportError("the model must end with a Dense layer (it becomes the Output layer); found "
                                   + ", ".join(t for t, _ in tail) + " after it.", line)
        if tail:
            act = tail[-1][0].lower()
        head_task = {"sigmoid": "binary", "softmax": "multiclass", "none": "regression"}.get(act)
        if head_task is None:
            raise KerasImportError(f"the last Dense layer has activation '{act}'; LayerLab's Output layer needs "
                                   "sigmoid (binary), softmax (multiclass) or none (regression).", line)
        if head_task == "binary" and units != 1 or head_task == "regression" and units != 1:
            raise KerasImportError(f"the last Dense layer has {units} units with activation '{act}'; use 1 unit "
                                   "for binary or regression, or softmax for several classes.", line)
        if task is not None and task != head_task:
            self.notes.append(f"the loss says {task} but the last layer says {head_task}; using {task}.")
        task = task or head_task
        self.notes.append(f"line {line}: Dense({units}, {act}) becomes the Output layer ({task}); its width "
                          "follows the data's classes.")
        spec = ModelSpec.chain(hidden[:last_index], name=IMPORTED_NAME,
                               description="Imported from Keras code by LayerLab.")
        config, split = self._config()
        return KerasImport(spec=spec, config=config, task=task, split=split, notes=self.notes)

    def _task_from_loss(self) -> str | None:
        call = self.compile_call
        if call is None:
            return None
        a = self._args(call, ("optimizer", "loss"), ("metrics", "loss_weights", "run_eagerly", "jit_compile"))
        if "loss" not in a:
            return None
        node = a["loss"]
        name = _callee(node) if isinstance(node, (ast.Call, ast.Attribute)) else self._value(node, "loss", call.lineno)
        key = str(name).lower()
        if key not in LOSSES:
            raise KerasImportError(f"loss {name!r} is not supported; supported: binary_crossentropy, "
                                   "categorical_crossentropy, sparse_categorical_crossentropy, mse.", call.lineno)
        return LOSSES[key]

    def _config(self) -> tuple[TrainConfig, Split | None]:
        config = TrainConfig(epochs=1, batch_size=32)  # Keras: epochs=1, batch_size=32 when fit() omits them
        split = None
        if self.compile_call is not None:
            a = self._args(self.compile_call, ("optimizer", "loss"), ("metrics",))
            if "optimizer" in a:
                self._optimizer(a["optimizer"], config, self.compile_call.lineno)
        if self.fit_call is None:
            self.notes.append("no fit() call: 1 epoch, batch 32 (Keras' defaults).")
            return config, None
        line = self.fit_call.lineno
        a = self._args(self.fit_call, ("x", "y", "batch_size", "epochs"),
                       ("validation_split", "validation_data", "verbose", "shuffle", "callbacks"))
        if "epochs" in a:
            config.epochs = self._whole(a["epochs"], "epochs", line)
        if "batch_size" in a:
            config.batch_size = self._whole(a["batch_size"], "batch_size", line)
        if "validation_split" in a:
            val = self._number(a["validation_split"], "validation_split", line)
            if not 0 < val < 0.85:
                raise KerasImportError(f"validation_split must be between 0 and 0.85; got {val}.", line)
            split = Split(train=round(0.85 - val, 6), val=val, test=0.15)
            self.notes.append(f"validation_split={val:g}: split {split.train:g}/{val:g}/0.15 (train/val/test).")
        if "validation_data" in a:
            self.notes.append("validation_data: LayerLab makes the validation part from the table's split.")
        problems = config.validate()
        if problems:
            raise KerasImportError(" ".join(problems), line)
        return config, split

    def _optimizer(self, node: ast.AST, config: TrainConfig, line: int) -> None:
        if isinstance(node, ast.Call):
            name = (_callee(node) or "").lower()
            kwargs = {k.arg: k.value for k in node.keywords}
        else:
            name = str(self._value(node, "optimizer", line)).lower()
            kwargs = {}
        if name not in OPTIMIZERS:
            raise KerasImportError(f"optimizer {name!r} is not supported; supported: "
                                   + ", ".join(OPTIMIZERS) + ".", line)
        config.optimizer, config.learning_rate = OPTIMIZERS[name]
        lr = kwargs.get("learning_rate", kwargs.get("lr"))
        if lr is not None:
            config.learning_rate = self._number(lr, "learning_rate", line)
        if name == "sgd":
            config.momentum = self._number(kwargs["momentum"], "momentum", line) if "momentum" in kwargs else 0.0
        if name == "adamw":
            config.weight_decay = (self._number(kwargs["weight_decay"], "weight_decay", line)
                                   if "weight_decay" in kwargs else 0.004)
