"""`layerlab train --csv FILE` without --target names the column it would need, never picks one silently."""

from __future__ import annotations

from engine.cli.main import main
from tests.penguins import write_penguins_csv


def test_csv_without_target_names_the_candidates(tmp_path, capsys):
    csv = write_penguins_csv(tmp_path / "penguins.csv")
    assert main(["train", "--csv", str(csv), "--epochs", "1", "--out", str(tmp_path / "p.llmodel")]) == 2
    err = capsys.readouterr().err
    assert "the last column, year, is a whole number" in err
    assert "name one with --target; candidates: species, island, bill_length_mm" in err
    assert not (tmp_path / "p.llmodel").exists()


def test_csv_without_target_suggests_a_clear_one(tmp_path, capsys):
    csv = tmp_path / "shop.csv"
    csv.write_text("visits,spend,churn\n" + "".join(f"{i},{i * 2.5},{'yes' if i % 3 else 'no'}\n"
                                                   for i in range(30)))
    assert main(["train", "--csv", str(csv), "--epochs", "1", "--out", str(tmp_path / "s.llmodel")]) == 2
    assert "it looks like --target churn: named like a target" in capsys.readouterr().err


def test_info_says_why_no_target(tmp_path, capsys):
    csv = write_penguins_csv(tmp_path / "penguins.csv")
    assert main(["info", str(csv)]) == 0
    assert "target: none guessed (no column is named like a target" in capsys.readouterr().out
