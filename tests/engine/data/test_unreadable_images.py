"""Missing image files raise UnreadableImagesError, which says whether leaving those rows out would let a run go on
(the app then offers its "Leave out rows whose image can't be read" option)."""

import numpy as np
import pytest
from PIL import Image

from engine.data.images import load_images
from engine.errors import DataError, UnreadableImagesError


def _pngs(folder, count):
    for i in range(count):
        Image.fromarray(np.full((4, 4), i * 20, dtype=np.uint8)).save(folder / f"{i}.png")
    return [f"{i}.png" for i in range(count)]


def test_some_missing_files_can_be_left_out(tmp_path):
    paths = _pngs(tmp_path, 3) + ["gone.png"]
    with pytest.raises(UnreadableImagesError, match="gone.png") as caught:
        load_images(paths, tmp_path)
    assert caught.value.droppable and isinstance(caught.value, DataError)
    assert load_images(paths, tmp_path, drop_unreadable=True).rows.tolist() == [0, 1, 2]


def test_when_no_file_can_be_read_leaving_them_out_does_not_help(tmp_path):
    with pytest.raises(UnreadableImagesError) as caught:
        load_images(["a.png", "b.png"], tmp_path, size=(4, 4), channels=1, drop_unreadable=True)
    assert not caught.value.droppable
