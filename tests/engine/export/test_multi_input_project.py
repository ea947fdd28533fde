"""The PyTorch project export of models with text, image-file, pixel and history inputs: its preprocessing.py
makes the engine's inputs (tokenizer, Pillow decoding, pixel scaling, time windows) and `python predict.py` in
the exported folder, without LayerLab, reproduces the engine's predictions."""

import importlib.util
import sys
import uuid

import numpy as np
import pandas as pd
import pytest

from engine.data import read_csv
from engine.export import export_model
from engine.graph import load_template
from engine.io.bundle import load_bundle
from engine.io.predict import Predictor
from tests.engine.export.multi_input_data import image_files, pixels, reviews, series, train
from tests.engine.export.test_export_project import run_isolated
from tests.engine.multi_input_specs import text_and_table


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """name -> (bundle, csv of new rows, exported project folder)."""
    folder = tmp_path_factory.mktemp("multi-input-projects")
    bundles = {"text_table": train(folder, "text_table", reviews(), "label", text_and_table()),
               "image_files": train(folder, "image_files", image_files(folder), "label", load_template("image_cnn")),
               "pixels": train(folder, "pixels", pixels(), "digit", load_template("image_cnn")),
               "forecast": train(folder, "forecast", series(), "level", load_template("forecaster"),
                                 time_column="day")}
    out = {}
    for name, (bundle, csv) in bundles.items():
        project = folder / f"{name}_project"
        report = export_model(bundle, "project", project)
        assert report.max_difference <= 1e-5
        out[name] = (bundle, csv, project)
    return out


def _standalone(project):
    """The exported preprocessing.py, imported from its folder under a unique name."""
    name = f"_exported_preprocessing_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, project / "preprocessing.py")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


@pytest.mark.slow  # trains four small models and exports them (about 40 s here)
@pytest.mark.parametrize("name", ["text_table", "image_files", "pixels", "forecast"])
def test_standalone_inputs_equal_the_engines(projects, name):
    bundle_path, csv, project = projects[name]
    module = _standalone(project)
    pre = module.Preprocessor.load(project / "preprocessor.json")
    inputs, positions, last = module.model_inputs(module.read_table(csv), pre, csv.parent)
    bundle = load_bundle(bundle_path)
    frame = read_csv(csv).frame
    if bundle.inputs.forecast:
        from engine.preprocess.time_windows import history_windows

        x, predicted, expected_last = history_windows(frame, bundle.preprocessor, bundle.inputs.forecast)
        expected = (x,)
        np.testing.assert_array_equal(positions, predicted)
        np.testing.assert_array_equal(last, expected_last)
    else:
        table = (bundle.preprocessor.transform(frame),) if bundle.inputs.table_width else ()
        expected = table + tuple(bundle.inputs.transform(frame, csv.parent)[0])
    assert [x.dtype for x in inputs] == [x.dtype for x in expected]
    for got, want in zip(inputs, expected):
        np.testing.assert_array_equal(got, want)  # token ids and pixels exactly; floats as LayerLab made them


@pytest.mark.slow  # one interpreter start per project, each importing torch (about 10 s each)
@pytest.mark.parametrize("name", ["text_table", "image_files", "pixels", "forecast"])
def test_predict_py_without_layerlab_reproduces_the_engine(projects, name, tmp_path):
    bundle_path, csv, project = projects[name]
    out = tmp_path / "predictions.csv"
    result = run_isolated(project, "predict.py", "--csv", str(csv), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "engine is not importable" in result.stdout
    got = pd.read_csv(out)
    expected = Predictor(load_bundle(bundle_path)).predict_file(csv)
    columns = [c for c in got.columns if c in expected.columns and c.startswith(("probability_", "predicted_"))]
    assert len(got) == len(expected) and f"predicted_{load_bundle(bundle_path).manifest['target']}" in columns
    for column in columns:
        if column.startswith("probability_") or name == "forecast":
            np.testing.assert_allclose(got[column].astype(float), expected[column].astype(float), atol=1e-5,
                                       equal_nan=True)
        else:
            assert (got[column].astype(str) == expected[column].astype(str)).all()


@pytest.mark.slow
def test_requirements_name_the_text_and_image_libraries(projects):
    text = (projects["text_table"][2] / "requirements.txt").read_text()
    images = (projects["image_files"][2] / "requirements.txt").read_text()
    pixel = (projects["pixels"][2] / "requirements.txt").read_text()
    assert "tokenizers>=" in text and "pillow" not in text
    assert "pillow>=" in images and "tokenizers" not in images
    assert "pillow" not in pixel and "tokenizers" not in pixel
