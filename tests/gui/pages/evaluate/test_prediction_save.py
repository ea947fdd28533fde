"""The predictions window's "Save as CSV…" writes with the engine's predictions writer (issue #17, item 20):
formulas escaped, the file's own cells as read, never over the CSV it predicted."""

from __future__ import annotations

import csv


def _rows(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_app_save_uses_the_engine_writer(qtbot, corpus, tmp_path, monkeypatch):
    from engine.io.predict import Predictor
    from gui.infra import messages
    from gui.pages.evaluate.prediction import PredictionDialog

    predictor = Predictor.load(corpus / "bundle_good.llmodel")
    frame = predictor.predict_file(corpus / "predict_cells.csv")
    assert frame["code"].tolist() == ["007", "0042", "010"]
    dialog = PredictionDialog(frame, str(corpus / "predict_cells.csv"), no_features=predictor.rows_without_features(frame))
    qtbot.addWidget(dialog)
    assert dialog.save_to(tmp_path / "saved.csv")
    rows = _rows(tmp_path / "saved.csv")
    assert rows[0]["note"].startswith("'=HYPERLINK") and rows[0]["amount"] == "1,234"
    errors = []
    monkeypatch.setattr(messages, "show_error", lambda parent, title, text: errors.append(text))
    before = (corpus / "predict_cells.csv").read_bytes()
    assert not dialog.save_to(corpus / "predict_cells.csv")  # never over the CSV it predicted
    assert (corpus / "predict_cells.csv").read_bytes() == before
    assert "Refusing to write the predictions" in errors[0]
