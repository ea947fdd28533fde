"""Image files from a CSV column: probing, decoding every mode to uint8 (N, C, H, W), and bad files."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from engine.data.images import load_images, probe_images
from engine.errors import DataError


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "img").mkdir()
    return tmp_path


def _save(folder, name, image):
    image.save(folder / "img" / name)
    return f"img/{name}"


def _grey(folder, n, size=(6, 4)):
    """n greyscale PNGs of `size` (width, height), image i filled with 10 * i."""
    return [_save(folder, f"g{i}.png", Image.new("L", size, 10 * i)) for i in range(n)]


def test_greyscale_pngs_load_as_uint8_nchw_in_memory(folder):
    paths = _grey(folder, 5)
    probe = probe_images(paths, folder)
    assert (probe.size, probe.channels, probe.mixed_sizes) == ((4, 6), 1, False)
    seen = []
    loaded = load_images(paths, folder, progress=lambda done, total: seen.append((done, total)))
    assert loaded.array.dtype == np.uint8 and loaded.array.shape == (5, 1, 4, 6)
    assert [int(loaded.array[i].max()) for i in range(5)] == [0, 10, 20, 30, 40]
    assert loaded.in_memory and loaded.describe() == "5 images, 1×4×6, 0.0 MB in memory"
    assert seen[-1] == (5, 5) and loaded.rows.tolist() == [0, 1, 2, 3, 4]
    assert np.array_equal(loaded.read([3, 1]), loaded.array[[3, 1]])


def test_the_user_sets_size_and_channels(folder):
    paths = [_save(folder, "c.png", Image.new("RGB", (10, 10), (200, 40, 40)))] * 2
    assert probe_images(paths, folder).channels == 3
    loaded = load_images(paths, folder, size=5, channels=1)
    assert loaded.array.shape == (2, 1, 5, 5) and loaded.resized == 2
    assert "2 resized to 5×5" in loaded.describe()
    assert load_images(paths, folder, size=(3, 7)).array.shape == (2, 3, 3, 7)
    with pytest.raises(DataError, match="1 or 3 channels"):
        load_images(paths, folder, channels=2)


def test_every_mode_converts_cmyk_16_bit_palette_alpha(folder):
    rgb = (255, 0, 0)
    palette = Image.new("P", (4, 4))
    palette.putpalette([*rgb] + [0] * 765)
    transparent = Image.new("P", (4, 4), 1)
    transparent.putpalette([0, 0, 0, 10, 20, 30] + [0] * 762)
    transparent.info["transparency"] = 1
    images = {
        "cmyk.jpg": Image.new("CMYK", (4, 4), (0, 255, 255, 0)),   # red in CMYK
        "deep.png": Image.fromarray(np.full((4, 4), 65535, dtype=np.uint16)),  # 16-bit white
        "pal.png": palette,
        "clear.png": transparent,                                  # all transparent: over white
        "la.png": Image.new("LA", (4, 4), (0, 0)),
        "rgba.png": Image.new("RGBA", (4, 4), (0, 0, 255, 255)),
        "bits.bmp": Image.new("1", (4, 4), 1),
    }
    paths = [_save(folder, name, image) for name, image in images.items()]
    assert Image.open(folder / "img" / "deep.png").mode.startswith("I")
    loaded = load_images(paths, folder)
    assert loaded.channels == 3 and loaded.array.shape == (7, 3, 4, 4)
    pixel = {name: tuple(int(v) for v in loaded.array[i, :, 0, 0]) for i, name in enumerate(images)}
    assert pixel["cmyk.jpg"][0] > 200 and pixel["cmyk.jpg"][1] < 60
    assert pixel["deep.png"] == (255, 255, 255) and pixel["pal.png"] == rgb
    assert pixel["clear.png"] == (255, 255, 255) and pixel["la.png"] == (255, 255, 255)
    assert pixel["rgba.png"] == (0, 0, 255) and pixel["bits.bmp"] == (255, 255, 255)
    grey = load_images([paths[1]], folder)
    assert grey.channels == 1 and int(grey.array.max()) == 255  # 16-bit scaled, not clipped


def test_sixteen_bit_greys_keep_their_levels(folder):
    levels = np.array([[0, 257 * 100], [65535, 257 * 7]], dtype=np.uint16)
    path = _save(folder, "levels.png", Image.fromarray(levels))
    assert load_images([path], folder).array[0, 0].tolist() == [[0, 100], [255, 7]]


def test_mixed_sizes_are_resized_to_the_most_common_and_said(folder):
    paths = _grey(folder, 3, size=(8, 8)) + [_save(folder, "big.png", Image.new("L", (20, 12), 99))]
    probe = probe_images(paths, folder)
    assert probe.size == (8, 8) and probe.mixed_sizes
    assert "sizes differ (8×8, 12×20): all are resized" in probe.describe()
    loaded = load_images(paths, folder)
    assert loaded.array.shape == (4, 1, 8, 8) and loaded.resized == 1 and int(loaded.array[3].min()) == 99


def test_a_large_default_size_is_scaled_down(folder):
    path = _save(folder, "photo.jpg", Image.new("RGB", (640, 320), (1, 2, 3)))
    assert probe_images([path], folder).size == (64, 128)


def test_missing_and_unreadable_files_are_one_error_with_count_and_names(folder):
    paths = _grey(folder, 3)
    (folder / "img" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (folder / "img" / "notes.jpg").write_text("hello")
    bad = ["img/gone.png", "img/broken.png", "img/notes.jpg"] + [f"img/lost{i}.png" for i in range(5)] + [None]
    with pytest.raises(DataError) as caught:
        load_images(paths + bad, folder)
    message = str(caught.value)
    assert message.startswith("9 of 12 image files cannot be used: img/gone.png (row 4: no such file); img/broken.png")
    assert "img/notes.jpg (row 6: not an image Pillow can read)" in message
    assert "and 4 more" in message and f"relative to {folder}" in message and "drop their rows" in message
    assert caught.value.row == 3


def test_unreadable_rows_can_be_dropped(folder):
    paths = _grey(folder, 4)
    (folder / "img" / "cut.png").write_bytes((folder / "img" / "g1.png").read_bytes()[:40])  # truncated
    loaded = load_images([paths[0], "img/nope.png", paths[1], "img/cut.png", paths[3]], folder,
                         drop_unreadable=True)
    assert loaded.rows.tolist() == [0, 2, 4] and loaded.array.shape == (3, 1, 4, 6)
    assert [int(loaded.array[i].max()) for i in range(3)] == [0, 10, 30]
    assert [(row, path) for row, path, _why in loaded.unreadable] == [(1, "img/nope.png"), (3, "img/cut.png")]
    assert loaded.describe().endswith("; 2 rows dropped (unreadable files)")


def test_nothing_readable_is_an_error_even_when_dropping(folder):
    with pytest.raises(DataError, match="2 of 2 image files cannot be used"):
        load_images(["img/a.png", "img/b.png"], folder, size=4, channels=1, drop_unreadable=True)
    with pytest.raises(DataError, match="no image file names to read: every cell of the image column is empty"):
        load_images([None, "", float("nan")], folder)


def test_a_decompression_bomb_is_refused_naming_the_file(folder, monkeypatch):
    paths = _grey(folder, 2) + [_save(folder, "bomb.png", Image.new("L", (200, 200)))]
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 15_000)  # 40,000 pixels: over twice the limit -> error
    with pytest.raises(DataError, match=r"img/bomb\.png \(row 3: too many pixels to open safely \(a decompression "
                                        r"bomb\?\)"):
        load_images(paths, folder, size=4, channels=1)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 30_000)  # between limit and twice it: Pillow only warns
    loaded = load_images(paths, folder, size=4, channels=1, drop_unreadable=True)
    assert [path for _row, path, _why in loaded.unreadable] == ["img/bomb.png"]


def test_above_the_memory_limit_images_are_read_from_disk(folder):
    paths = _grey(folder, 6)
    (folder / "img" / "bad.png").write_text("x")
    loaded = load_images(paths + ["img/bad.png"], folder, memory_limit=100, drop_unreadable=True)
    assert not loaded.in_memory and loaded.array is None
    assert "more than fits in memory: read from disk as needed" in loaded.describe()
    batch = loaded.read([5, 0])
    assert batch.shape == (2, 1, 4, 6) and [int(batch[0].max()), int(batch[1].max())] == [50, 0]
    assert [row for row, _p, _w in loaded.unreadable] == [6]
