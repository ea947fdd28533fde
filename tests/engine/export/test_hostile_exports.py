"""Issue #17 items 1-2: user text never becomes code in an export, and an export never writes over a
user's files or its own inputs.

1. Names (model, project), column and class names and layer ids reach model.py, the training project,
   "Show code" and the ONNX/.pt2 metadata only as literals: every generated source compiles, the name
   round-trips through ``MODEL_NAME``, and the marker file the hostile names would write never appears.
   Layer ids that are not identifiers are refused when a model file is read, naming the layer.
2. ``export --format project`` refuses a non-empty folder that is not an export, replaces only its own
   files in an earlier export (refusing edited ones without --force), ONNX/.pt2 refuse to replace the
   bundle or a foreign ``<name>.preprocessor.json``, and ``import-keras`` refuses to write over its input.
"""

from __future__ import annotations

import ast
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from engine.errors import ExportError, SpecError
from engine.export import export_model, model_code_for
from engine.graph import ModelSpec
from engine.io.bundle import load_bundle
from tests.bad_corpus import CTX, assert_refused, cli

MARKER = "PWNED_BY_EXPORT"


def hostile_names(marker: Path) -> list[str]:
    m = str(marker)
    return [
        f'x"\nimport pathlib; pathlib.Path({m!r}).write_text("x")\n#',
        f"x'''\nopen({m!r}, 'w').write('x')\n'''",
        f'x"""\nopen({m!r}, "w").write("x")\n"""\\',
        "back\\slash\\",
        f'line\u2028sep\u2029open({m!r}, "w")',
        f"# comment\nopen({m!r}, 'w')",
        '"""',
        "",
        "Pingüinos (v2) \u00e9\u4e2d",
    ]


def _model_name(source: str) -> str:
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "MODEL_NAME":
            return ast.literal_eval(node.value)
    raise AssertionError("model.py has no MODEL_NAME")


def _compile_all(folder: Path) -> None:
    for path in folder.glob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
        ast.parse(path.read_text(encoding="utf-8"))


def _hostile_bundle(corpus: Path, tmp_path: Path, name: str, *, columns: bool = False) -> Path:
    """bundle_good.llmodel with a hostile model name (and, with columns, hostile column/class/target names)."""
    out = tmp_path / "hostile.llmodel"
    with zipfile.ZipFile(corpus / "bundle_good.llmodel") as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    spec = json.loads(entries["model.json"])
    spec["name"] = spec["description"] = name
    entries["model.json"] = json.dumps(spec).encode()
    if columns:
        bad = ", " + name.replace("\\", "").replace('"', "'")
        for entry in ("manifest.json", "preprocessor.json"):  # renamed alike in both, so the bundle stays consistent
            text = json.dumps(json.loads(entries[entry]))
            for word in ("age", "income", "bought", "yes"):
                text = text.replace(f'"{word}"', json.dumps(f"{word}{bad}"))
            entries[entry] = text.encode()
    with zipfile.ZipFile(out, "w") as target:
        for key, data in entries.items():
            target.writestr(key, data)
    return out


# --- 1. user text never becomes code -------------------------------------------------------------

def test_show_code_and_model_code_keep_every_hostile_name_a_literal(tmp_path):
    spec = ModelSpec.from_json((Path(__file__).parents[2] / "data" / "bad" / "model_good.json").read_text())
    for name in hostile_names(tmp_path / MARKER):
        spec.name = spec.description = name
        source = model_code_for(spec, CTX)
        compile(source, "model.py", "exec")
        assert _model_name(source) == name
        namespace: dict = {}
        exec(compile(source, "model.py", "exec"), namespace)  # running it runs no user text
        assert namespace["MODEL_NAME"] == name
    assert not (tmp_path / MARKER).exists()


def test_project_export_of_hostile_names_compiles_and_round_trips(corpus, capsys, tmp_path):
    marker = tmp_path / MARKER
    for i, name in enumerate(hostile_names(marker)):
        bundle = _hostile_bundle(corpus, tmp_path, name, columns=i % 3 == 0)
        out = tmp_path / f"proj{i}"
        code, _, err = cli(capsys, "export", bundle, "--format", "project", "-o", out)
        assert code == 0, err
        _compile_all(out)
        assert _model_name((out / "model.py").read_text(encoding="utf-8")) == name
        manifest = load_bundle(bundle).manifest
        config = json.loads((out / "config.json").read_text(encoding="utf-8"))
        assert config["feature_columns"] == manifest["feature_columns"]
        assert config["class_names"] == manifest["class_names"] and config["target"] == manifest["target"]
        assert "\n" not in config["model_name"] and '"' not in config["model_name"]
    assert not marker.exists() and not (Path.cwd() / MARKER).exists()


def test_onnx_and_pt2_metadata_of_a_hostile_name(corpus, tmp_path):
    pytest.importorskip("onnxruntime")
    import onnx

    marker = tmp_path / MARKER
    name = hostile_names(marker)[2]
    bundle = _hostile_bundle(corpus, tmp_path, name, columns=True)
    export_model(bundle, "onnx", tmp_path / "m.onnx")
    meta = {p.key: p.value for p in onnx.load(str(tmp_path / "m.onnx")).metadata_props}
    assert meta["layerlab.model_name"] and not set(meta["layerlab.model_name"]) & set("\"\\\n\u2028\u2029")
    assert json.loads(meta["layerlab.class_names"]) == load_bundle(bundle).manifest["class_names"]  # commas too
    export_model(bundle, "pt2", tmp_path / "m.pt2")
    json.loads((tmp_path / "m.preprocessor.json").read_text(encoding="utf-8"))
    assert not marker.exists()


@pytest.mark.parametrize("bad_id", ['dense_1"\nimport os', "dense_1\n", "1dense", "dense 1", "dénse", "a.b", ""])
def test_layer_ids_that_are_not_identifiers_are_refused_on_load(bad_id):
    raw = json.loads((Path(__file__).parents[2] / "data" / "bad" / "model_good.json").read_text())
    raw["nodes"][1]["id"] = bad_id
    for edge in raw["edges"]:
        edge["source"] = bad_id if edge["source"] == "dense_1" else edge["source"]
        edge["target"] = bad_id if edge["target"] == "dense_1" else edge["target"]
    with pytest.raises(SpecError, match=r"layer 2 has the id .*layer ids must be letters, digits and _"):
        ModelSpec.from_dict(raw)


def test_corpus_hostile_node_id_refused(corpus, capsys, tmp_path):
    with pytest.raises(SpecError, match=r"layer 2 has the id 'dense_1\"\\nimport os"):
        ModelSpec.from_json((corpus / "model_hostile_node_id.json").read_text(encoding="utf-8"))
    out = tmp_path / "m.llmodel"
    assert_refused(capsys, r"layer 2 has the id .*Rename that layer", "train", "--csv", corpus / "good.csv",
                   "--target", "bought", "--model", corpus / "model_hostile_node_id.json", "--out", out)
    assert not out.exists() and not (corpus.parent / "PWNED").exists()


def test_corpus_hostile_project_name_trains_and_exports_as_a_literal(corpus, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the hostile name writes ./PWNED if it ever runs
    project = json.loads((corpus / "project_hostile_name.layerlab").read_text(encoding="utf-8"))
    bundle = tmp_path / "m.llmodel"
    code, _, err = cli(capsys, "train", corpus / "project_hostile_name.layerlab", "--out", bundle, "-q")
    assert code == 0, err
    code, _, err = cli(capsys, "export", bundle, "--format", "project", "-o", tmp_path / "proj")
    assert code == 0, err
    _compile_all(tmp_path / "proj")
    from engine.export.model_code import safe_title

    assert _model_name((tmp_path / "proj" / "model.py").read_text(encoding="utf-8")) in (  # training names it
        project["name"], safe_title(project["name"]))
    assert not (tmp_path / "PWNED").exists() and not (corpus / "PWNED").exists()


# --- 2. never delete or replace a user's files ------------------------------------------------

def test_project_export_refuses_a_users_folder(corpus, capsys, tmp_path):
    folder = tmp_path / "thesis"
    folder.mkdir()
    (folder / "thesis.tex").write_text("my thesis")
    (folder / "data.csv").write_text("a,b\n1,2\n")
    assert_refused(capsys, r"is not empty and is not a LayerLab project export, so it was left alone", "export",
                   corpus / "bundle_good.llmodel", "--format", "project", "-o", folder)
    assert sorted(p.name for p in folder.iterdir()) == ["data.csv", "thesis.tex"]


def test_reexport_keeps_the_users_files_and_refuses_edited_ones(corpus, capsys, tmp_path):
    bundle = corpus / "bundle_good.llmodel"
    out = tmp_path / "proj"
    assert cli(capsys, "export", bundle, "--format", "project", "-o", out)[0] == 0
    (out / "DATA.csv").write_text("mine")
    (out / "notes.md").write_text("my notes")
    assert cli(capsys, "export", bundle, "--format", "project", "-o", out)[0] == 0  # unedited: replaced
    assert (out / "DATA.csv").read_text() == "mine" and (out / "notes.md").read_text() == "my notes"
    (out / "train.py").write_text("# my edits\n")
    assert_refused(capsys, r"has files edited since it was exported \(train.py\).*use --force", "export", bundle,
                   "--format", "project", "-o", out)
    assert (out / "train.py").read_text() == "# my edits\n"
    code, _, err = cli(capsys, "export", bundle, "--format", "project", "-o", out, "--force")
    assert code == 0, err
    assert (out / "train.py").read_text() != "# my edits\n"
    assert (out / "DATA.csv").read_text() == "mine" and (out / "notes.md").read_text() == "my notes"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".proj")]  # no staging left behind


def test_reexport_into_an_export_without_checksums_needs_force(corpus, capsys, tmp_path):
    bundle = corpus / "bundle_good.llmodel"
    out = tmp_path / "proj"
    assert cli(capsys, "export", bundle, "--format", "project", "-o", out)[0] == 0
    config = json.loads((out / "config.json").read_text())
    del config["files"]  # as an earlier LayerLab wrote it
    (out / "config.json").write_text(json.dumps(config))
    (out / "DATA.csv").write_text("mine")
    assert_refused(capsys, r"records no checksums", "export", bundle, "--format", "project", "-o", out)
    assert cli(capsys, "export", bundle, "--format", "project", "-o", out, "--force")[0] == 0
    assert (out / "DATA.csv").read_text() == "mine"


@pytest.mark.parametrize("fmt", ["onnx", "pt2"])
def test_export_onto_the_bundle_is_refused(corpus, capsys, tmp_path, fmt):
    if fmt == "onnx":
        pytest.importorskip("onnxruntime")
    bundle = tmp_path / "m.llmodel"
    shutil.copy(corpus / "bundle_good.llmodel", bundle)
    before = bundle.read_bytes()
    assert_refused(capsys, r"that is the model bundle .* writing it would destroy it", "export", bundle, "--format", fmt, "-o", bundle)
    (tmp_path / "sub").mkdir()
    assert_refused(capsys, r"that is the model bundle .* writing it would destroy it", "export", bundle, "--format", fmt, "-o",
                   tmp_path / "sub" / ".." / "m.llmodel")
    (tmp_path / "link.llmodel").hardlink_to(bundle)
    assert_refused(capsys, r"that is the model bundle .* writing it would destroy it", "export", bundle, "--format", fmt, "-o", tmp_path / "link.llmodel")
    assert bundle.read_bytes() == before
    assert load_bundle(bundle).manifest["task"] == "binary"


@pytest.mark.parametrize("fmt", ["onnx", "pt2"])
def test_side_file_never_replaces_a_users_file(corpus, capsys, tmp_path, fmt):
    if fmt == "onnx":
        pytest.importorskip("onnxruntime")
    bundle = corpus / "bundle_good.llmodel"
    out = tmp_path / f"model.{fmt}"
    side = tmp_path / "model.preprocessor.json"
    side.write_text("my own notes")
    assert_refused(capsys, r"model.preprocessor.json', but that file already exists and was not written by a "
                           r"LayerLab export.*--force", "export", bundle, "--format", fmt, "-o", out)
    assert side.read_text() == "my own notes" and not out.exists()
    assert cli(capsys, "export", bundle, "--format", fmt, "-o", out, "--force")[0] == 0
    assert json.loads(side.read_text())["input_columns"]
    assert cli(capsys, "export", bundle, "--format", fmt, "-o", out)[0] == 0  # our own earlier side file


def test_export_error_reaches_the_export_dialog(corpus, tmp_path):
    """The dialog runs the same engine call and shows the engine's message."""
    from gui.pages.evaluate import export_dialog

    bundle = str(corpus / "bundle_good.llmodel")
    out = tmp_path / "proj"
    export_dialog._export(None, bundle, "project", str(out), None)
    (out / "train.py").write_text("# my edits\n")
    (out / "DATA.csv").write_text("mine")
    with pytest.raises(ExportError) as caught:
        export_dialog._export(None, bundle, "project", str(out), None)
    assert "has files edited since it was exported (train.py)" in export_dialog._failure_message(caught.value)
    assert (out / "train.py").read_text() == "# my edits\n" and (out / "DATA.csv").read_text() == "mine"
    folder = tmp_path / "thesis"
    folder.mkdir()
    (folder / "thesis.tex").write_text("x")
    with pytest.raises(ExportError) as caught:
        export_dialog._export(None, bundle, "project", str(folder), None)
    assert "is not empty and is not a LayerLab project export" in export_dialog._failure_message(caught.value)
    assert (folder / "thesis.tex").read_text() == "x"


@pytest.mark.parametrize("flag", ["-o", "--config"])
def test_import_keras_refuses_to_write_over_its_source(capsys, tmp_path, flag):
    source = tmp_path / "model.py"
    text = ("from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(8, activation='relu'), "
            "keras.layers.Dense(1, activation='sigmoid')])\n")
    source.write_text(text)
    argv = ["import-keras", source, "-o", source] if flag == "-o" else \
        ["import-keras", source, "-o", tmp_path / "spec.json", "--config", source]
    assert_refused(capsys, r"Refusing to write the .* that is the Keras source .*Choose another output path", *argv)
    assert source.read_text() == text and not (tmp_path / "spec.json").exists()
    assert_refused(capsys, r"both name", "import-keras", source, "-o", tmp_path / "a.json", "--config",
                   tmp_path / "a.json")
