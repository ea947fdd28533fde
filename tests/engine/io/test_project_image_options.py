"""A project's image options (the size images are resized to, leaving out unreadable files) are saved, read
back, checked, and missing from older project files without harm."""

import json

import pytest

from engine.errors import ProjectError
from engine.graph import load_template
from engine.io.project import ImageOptions, Project


def test_image_options_round_trip_through_the_file(tmp_path):
    project = Project(spec=load_template("image_cnn"), images=ImageOptions(size=(24, 32), drop_unreadable=True))
    path = project.save(tmp_path / "digits.layerlab")
    saved = json.loads(path.read_text(encoding="utf-8"))["data"]["images"]
    assert saved == {"size": [24, 32], "drop_unreadable": True}
    loaded = Project.load(path)
    assert loaded.images == ImageOptions(size=(24, 32), drop_unreadable=True)
    assert loaded.images.run_options(tmp_path) == {"base_dir": tmp_path, "image_size": (24, 32),
                                                   "drop_unreadable": True}


def test_a_project_from_before_image_options_loads_with_the_defaults(tmp_path):
    data = Project(spec=load_template("tutorial-mlp")).to_dict()
    del data["data"]["images"]
    path = tmp_path / "old.layerlab"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert Project.load(path).images == ImageOptions(size=None, drop_unreadable=False)


@pytest.mark.parametrize("images", [{"size": [0, 8]}, {"size": [8]}, {"size": "8x8"}, {"size": [8, 8.5]},
                                    {"drop_unreadable": "yes"}, [8, 8]])
def test_damaged_image_options_are_reported_as_damage(tmp_path, images):
    data = Project(spec=load_template("tutorial-mlp")).to_dict()
    data["data"]["images"] = images
    path = tmp_path / "damaged.layerlab"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProjectError, match="damaged"):
        Project.load(path)


def test_layerlab_train_reads_a_projects_image_options_and_its_flags_win(tmp_path):
    from engine.cli.inputs import resolve_job_inputs
    from engine.cli.main import build_parser

    data = tmp_path / "table.csv"
    data.write_text("x,y\n" + "".join(f"{i},{i % 2}\n" for i in range(30)), encoding="utf-8")
    project = Project(spec=load_template("tutorial-mlp"), data_path=str(data),
                      images=ImageOptions(size=(16, 16), drop_unreadable=True))
    path = project.save(tmp_path / "p.layerlab")
    inputs = resolve_job_inputs(build_parser().parse_args(["train", str(path)]))
    assert inputs.data_options == {"base_dir": tmp_path, "image_size": (16, 16), "drop_unreadable": True}
    flagged = resolve_job_inputs(build_parser().parse_args(["train", str(path), "--image-size", "8x12"]))
    assert flagged.data_options["image_size"] == (8, 12)
