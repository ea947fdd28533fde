"""The image, pixel, text and time-series examples ship with the app and read as their kinds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from engine.cli.main import main
from engine.data import infer_schema, read_csv
from engine.data.images import load_images
from engine.data.time_series import check_time_column
from engine.io.examples import EXAMPLES, get_example

README = Path(__file__).resolve().parents[3] / "resources" / "examples" / "README.md"


@pytest.mark.parametrize("name", ["digits", "digits_pixels", "bible_verses", "co2"])
def test_each_new_example_is_listed_with_its_source_in_the_readme(name):
    example = get_example(name)
    assert example.path.is_file() and example in EXAMPLES.values()
    assert f"`{example.file}`" in README.read_text(encoding="utf-8")


def test_digits_pngs_load_as_the_same_pixels_as_the_pixel_columns():
    images, pixels = get_example("digits"), get_example("digits_pixels")
    table = read_csv(images.path)
    schema = infer_schema(table.frame, target="label")
    assert schema.column("image").kind == "image" and schema.task == "multiclass"
    loaded = load_images(table.frame["image"].tolist(), images.path.parent)
    assert loaded.array.shape == (1797, 1, 8, 8) and loaded.in_memory and not loaded.unreadable
    flat = read_csv(pixels.path).frame
    [group] = infer_schema(flat, target="label").pixel_groups()
    assert group.shape == (1, 8, 8)
    same = flat[list(group.columns)].to_numpy(dtype=np.uint8).reshape(-1, 1, 8, 8)
    assert np.array_equal(same, loaded.array) and (flat["label"] == table.frame["label"]).all()


def test_bible_verses_are_free_text_in_six_balanced_classes():
    frame = read_csv(get_example("bible_verses").path).frame
    schema = infer_schema(frame)
    assert schema.column("text").kind == "text" and schema.column("text").role == "feature"
    assert schema.target == "label" and frame["label"].value_counts().tolist() == [800] * 6


def test_co2_is_a_monthly_series_without_gaps():
    example = get_example("co2")
    frame = read_csv(example.path).frame
    schema = infer_schema(frame, target=example.target)
    schema.set_time_column(example.time_column)
    check = check_time_column(frame, example.time_column)
    assert check.was_sorted and check.gaps == 0 and check.step == "1 month" and check.lookback == 12
    assert len(frame) == 526 and frame["co2"].notna().all()


def test_examples_stay_small():
    folder = README.parent
    shipped = [p for p in folder.rglob("*") if p.is_file() and p.suffix in (".csv", ".png")]
    assert sum(p.stat().st_size for p in shipped) < 3_000_000


def test_info_shows_the_new_kinds_with_shapes_lengths_and_a_time_column(capsys):
    assert main(["info", str(get_example("digits").path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["inputs"] == ["image column 'image': 1×8×8 (greyscale; 20 files sampled)"]
    assert main(["info", str(get_example("digits_pixels").path)]) == 0
    text = capsys.readouterr().out
    assert text.count("pixel_") == 3 and "pixel group 'pixel': 64 columns form one image of 1×8×8" in text
    assert main(["info", str(get_example("bible_verses").path)]) == 0
    text = capsys.readouterr().out
    assert "text column 'text': 23 words (median), 95% of texts at most 45, the longest 80" in text
    assert main(["info", str(get_example("co2").path)]) == 0
    assert "(--time-column date)" in capsys.readouterr().out
