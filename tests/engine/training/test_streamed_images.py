"""Image sets over the memory limit: read from disk batch by batch in training, evaluation, the baseline and
predict, with the same results as in memory (LAYERLAB_IMAGE_MEMORY_LIMIT makes a tiny limit)."""

import numpy as np
import pandas as pd
import pytest
import torch
from PIL import Image

from engine.cli.main import main
from engine.data import infer_schema
from engine.data.images import MEMORY_LIMIT_BYTES, image_memory_limit, load_images
from engine.data.streamed_images import StreamedImages
from engine.errors import DataError
from engine.graph import load_template
from engine.io.examples import get_example, load_example
from engine.io.predict import Predictor
from engine.preprocess import prepare
from engine.runs.finish import finish_run
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig, Trainer
from engine.training import streamed_inputs

LIMIT = "LAYERLAB_IMAGE_MEMORY_LIMIT"


@pytest.fixture
def shapes(tmp_path):
    """40 rows of 6×6 grey squares: light ones are class "light", dark ones "dark"; a CSV naming them."""
    (tmp_path / "pics").mkdir()
    rows = []
    for i in range(40):
        shade = 30 + 150 * (i % 2) + i
        Image.fromarray(np.full((6, 6), shade, dtype=np.uint8)).save(tmp_path / "pics" / f"{i}.png")
        rows.append({"file": f"pics/{i}.png", "label": "light" if i % 2 else "dark"})
    frame = pd.DataFrame(rows)
    schema = infer_schema(frame, target="label")
    schema.set_kind("file", "image")
    return frame, schema, tmp_path


class _Pixels(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.head = torch.nn.Linear(36, 1)

    def forward(self, x):
        return self.head(x.float().flatten(1) / 255)


def test_the_limit_is_the_default_unless_the_environment_sets_it(monkeypatch):
    monkeypatch.delenv(LIMIT, raising=False)
    assert image_memory_limit() == MEMORY_LIMIT_BYTES
    monkeypatch.setenv(LIMIT, "1_000")
    assert image_memory_limit() == 1000
    monkeypatch.setenv(LIMIT, "2 GB")
    with pytest.raises(DataError, match=f"{LIMIT} must be a whole number of bytes"):
        image_memory_limit()


def test_prepare_streams_every_part_when_all_of_them_exceed_the_limit(shapes, monkeypatch):
    frame, schema, folder = shapes
    in_memory = prepare(frame, schema, base_dir=folder)
    monkeypatch.setenv(LIMIT, str(40 * 36 - 1))  # the whole set is one byte over; each part alone would fit
    streamed = prepare(frame, schema, base_dir=folder)
    for memory, disk in zip((in_memory.x_train, in_memory.x_val, in_memory.x_test),
                            (streamed.x_train, streamed.x_val, streamed.x_test)):
        assert isinstance(memory[0], np.ndarray) and isinstance(disk[0], StreamedImages)
        assert disk[0].shape == memory[0].shape and np.array_equal(disk[0][:], memory[0])
    assert "0.0 MB decoded (40 rows), more than the memory limit" in streamed.warnings[0]
    assert "read from disk as needed" in streamed.warnings[1]


def test_streamed_rows_are_the_decoded_files_and_dropped_rows_are_left_out(shapes):
    frame, schema, folder = shapes
    (folder / "pics" / "3.png").write_bytes(b"not a png")
    loaded = load_images(frame["file"], folder, drop_unreadable=True, memory_limit=0)
    streamed = StreamedImages.for_rows(loaded, len(frame)).select(np.arange(40) != 3)
    expected = load_images(frame["file"], folder, drop_unreadable=True)
    assert len(streamed) == 39 and np.array_equal(streamed[:], expected.array)
    assert np.array_equal(streamed[torch.tensor([5, 0])], expected.array[[5, 0]])


def test_the_trainer_reads_only_a_batch_or_a_chunk_at_a_time_and_trains_as_in_memory(shapes, monkeypatch):
    frame, schema, folder = shapes
    memory = prepare(frame, schema, base_dir=folder)
    monkeypatch.setenv(LIMIT, "0")
    disk = prepare(frame, schema, base_dir=folder)
    reads = []
    original = StreamedImages.read
    monkeypatch.setattr(StreamedImages, "read", lambda self, at: reads.append(len(at)) or original(self, at))
    monkeypatch.setattr(streamed_inputs, "CHUNK_BYTES", 36 * 3)  # validation chunks of 3 rows
    models = []
    for data in (memory, disk):
        torch.manual_seed(0)
        models.append(_Pixels())
        ended = Trainer(TrainConfig(epochs=3, batch_size=8, seed=1)).fit(
            models[-1], "binary", data.x_train, data.y_train, data.x_val, data.y_val)
        assert ended.epochs_run == 3
    assert reads and max(reads) <= 8 and 3 in reads  # batches of 8, validation in chunks of 3
    assert all(torch.equal(a, b) for a, b in zip(models[0].state_dict().values(), models[1].state_dict().values()))


@pytest.mark.slow  # trains the digits example twice (in memory, streamed) and predicts
def test_digits_train_evaluate_and_predict_alike_streamed_and_in_memory(monkeypatch, tmp_path):
    example = load_example("digits")
    folder = get_example("digits").path.parent
    spec = load_template("image_cnn")
    trained = {}
    for mode, limit in (("memory", None), ("disk", "10000")):
        if limit:
            monkeypatch.setenv(LIMIT, limit)
        pipeline = RunPipeline(example.table.frame, example.schema, spec, TrainConfig(epochs=2, seed=3),
                               example.split, base_dir=folder)
        trained[mode] = pipeline.run()
    memory, disk = trained["memory"], trained["disk"]
    assert isinstance(disk.data.x_train[0], StreamedImages) and isinstance(memory.data.x_train[0], np.ndarray)
    assert disk.test_metrics["accuracy"] == memory.test_metrics["accuracy"]
    assert [e.val_loss for e in disk.result.history] == [e.val_loss for e in memory.result.history]
    assert memory.baseline["model"] == "logistic regression on pixels"
    assert disk.baseline["model"] == "logistic regression on a sample of pixels"
    assert disk.baseline["sample"] == {"train": 1000, "test": len(disk.data.y_test)}
    bundle = tmp_path / "digits.llmodel"
    finish_run(disk, bundle, None)
    rows = example.table.frame.iloc[:300]
    streamed = Predictor.load(bundle).predict(rows, base_dir=folder)
    monkeypatch.delenv(LIMIT)
    assert streamed.equals(Predictor.load(bundle).predict(rows, base_dir=folder))


@pytest.mark.slow  # trains the digits example for one epoch through the CLI
def test_layerlab_train_says_the_images_are_read_from_disk(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(LIMIT, "10000")
    assert main(["train", "--example", "digits", "--epochs", "1", "--out", str(tmp_path / "m.llmodel"),
                 "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "note: The images take 0.1 MB decoded (1,797 rows), more than the memory limit of 0.0 MB" in err
    assert "note: 'image': 1,257 images, 1×8×8, 0.1 MB, more than fits in memory: read from disk as needed" in err
