"""The search space: paths, ranges and choices checked with one message; values put into a copy."""

import pytest

from engine.graph import ModelSpec, load_template
from engine.sweeps import SweepError
from engine.sweeps.space import SweepParam, SweepSpace, apply_values, check_space, read_space_file, sweepable
from engine.training import TrainConfig


def spec():
    return load_template("tutorial-mlp")


def test_empty_range_gets_one_clear_message():
    space = SweepSpace([SweepParam("learning_rate", 0.1, 0.01, log=True)])
    with pytest.raises(SweepError, match=r"'learning_rate' has an empty range: low \(0.1\) must be below high"):
        check_space(space, spec())


def test_whole_number_range_without_a_whole_number_is_empty():
    with pytest.raises(SweepError, match="no whole number lies between 3.2 and 3.8"):
        check_space(SweepSpace([SweepParam("layers.dense_1.units", 3.2, 3.8)]), spec())


def test_every_problem_is_listed_at_once():
    space = SweepSpace([SweepParam("learning_rat", 1e-4, 1e-2), SweepParam("layers.dense_9.units", 8, 64),
                        SweepParam("layers.dense_1.colour", 1, 2), SweepParam("weight_decay", 0.0, 0.1, log=True),
                        SweepParam("optimizer", 1, 2), SweepParam("optimizer", choices=["adam", "lion"])])
    with pytest.raises(SweepError) as caught:
        check_space(space, spec())
    text = str(caught.value)
    assert "'learning_rat' is unknown" in text
    assert "the model has no layer 'dense_9'" in text
    assert "has no property 'colour'" in text
    assert "a log range must start above zero" in text
    assert "'optimizer' is a choice" in text
    assert "'lion' is not one of" in text
    assert "listed twice" in text


def test_an_empty_space_is_refused():
    with pytest.raises(SweepError, match="The sweep space is empty"):
        check_space(SweepSpace(), spec())


def test_a_good_space_passes_and_round_trips(tmp_path):
    space = SweepSpace([SweepParam("learning_rate", 1e-4, 1e-1, log=True),
                        SweepParam("layers.dense_1.units", choices=[16, 64]),
                        SweepParam("layers.dense_2.activation", choices=["relu", "tanh"])])
    check_space(space, spec())
    path = tmp_path / "space.json"
    import json

    path.write_text(json.dumps(space.to_dict()))
    assert read_space_file(path) == space


def test_values_go_into_copies_of_the_design_and_settings():
    design, config = spec(), TrainConfig()
    new_design, new_config = apply_values(design, config, {"learning_rate": 0.05, "layers.dense_1.units": 7})
    assert new_config.learning_rate == 0.05 and config.learning_rate == 1e-3
    assert new_design.node("dense_1").params["units"] == 7 and design.node("dense_1").params["units"] == 64


def test_sweepable_lists_settings_and_the_layers_numeric_and_choice_properties():
    paths = {path: kind for path, kind, _ in sweepable(spec())}
    assert paths["learning_rate"] == "float" and "adam" in paths["optimizer"]
    assert paths["layers.dense_1.units"] == "int"
    assert "relu" in paths["layers.dense_2.activation"]
    assert "layers.dense_1.bias" not in paths  # a switch, not a number or a choice


def test_a_layer_of_an_unknown_type_has_nothing_to_sweep_and_is_named_when_swept():
    """A model opened anyway to be fixed on the Model page: its other fields can still be chosen."""
    data = spec().to_dict()
    node = next(n for n in data["nodes"] if n["id"] == "dense_1")
    node["type"] = "Transformer9000"
    broken = ModelSpec.from_dict(data)
    paths = {path for path, _, _ in sweepable(broken)}
    assert "learning_rate" in paths and "layers.dense_2.units" in paths
    assert not any(p.startswith("layers.dense_1.") for p in paths)
    with pytest.raises(SweepError, match=r"'layers.dense_1.units': .*Transformer9000"):
        check_space(SweepSpace([SweepParam("layers.dense_1.units", 8, 64)]), broken)

def test_a_space_file_that_is_not_json_is_named(tmp_path):
    path = tmp_path / "space.json"
    path.write_text("{nope")
    with pytest.raises(SweepError, match="space.json' is not valid JSON"):
        read_space_file(path)


def test_the_space_is_kept_in_the_project_and_old_projects_still_load(tmp_path):
    from engine.io.project import Project

    space = SweepSpace([SweepParam("learning_rate", 1e-4, 1e-1, log=True)])
    project = Project(spec=spec(), sweep_space=space.to_dict())
    path = project.save(tmp_path / "p.layerlab")
    assert SweepSpace.from_dict(Project.load(path).sweep_space) == space
    data = project.to_dict(path)
    del data["sweep"]  # a project saved before sweeps
    assert Project.from_dict(data, path).sweep_space == {}
