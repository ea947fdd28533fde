"""`layerlab lr-find`: the same data and model options as train, a text plot, and --json."""

import json

import pytest

from engine.cli.lr_find_cmd import text_plot
from engine.cli.main import main


def test_json_gives_the_curve_the_suggestion_and_the_divergence(capsys):
    assert main(["lr-find", "--example", "churn", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"learning_rates", "losses", "suggested", "divergence"}
    assert len(result["learning_rates"]) == len(result["losses"]) > 50
    assert result["learning_rates"][0] < result["suggested"] < result["learning_rates"][-1]


def test_train_options_reach_the_sweep(tmp_path, capsys):
    from engine.io.examples import get_example

    code = main(["lr-find", "--csv", str(get_example("wine").path), "--target", "cultivar", "--optimizer", "sgd",
                 "--batch-size", "4", "--end-lr", "1", "--steps", "20"])
    out = capsys.readouterr().out
    assert code == 0
    assert "sgd, batch size 4, 20 batches from 1e-07 to 1" in out
    assert "Suggested learning rate:" in out and "learning rate (log scale)" in out
    # wine: 13 inputs -> Dense 64 -> Dense 64 -> 3 classes; SGD with momentum keeps one copy
    params = (13 * 64 + 64) + (64 * 64 + 64) + (64 * 3 + 3)
    flops = 2 * (13 * 64 + 64 * 64 + 64 * 3)
    assert params == 5_251 and params * 4 * 2 == 42_008 and flops == 10_240 and 3 * flops == 30_720
    assert ("Model: 5,251 parameters; 42.0 KB for weights and optimizer state (SGD with momentum keeps 1 "
            "extra copy (the velocity)); 10.2 kFLOPs per sample forward, 30.7 kFLOPs with backward (x3).") in out


def test_a_backwards_range_is_refused_with_a_sentence(capsys):
    assert main(["lr-find", "--example", "churn", "--start-lr", "1", "--end-lr", "0.1"]) == 2
    assert "--start-lr must be above 0 and below --end-lr" in capsys.readouterr().err


def test_text_plot_marks_the_suggested_rate():
    rates = [10.0 ** e for e in range(-6, 1)]
    losses = [1.0, 1.0, 0.9, 0.5, 0.3, 0.35, 0.8]
    lines = text_plot(rates, losses, suggested=1e-3, width=7, height=5).splitlines()
    grid = [line.split("┤")[-1].split("│")[-1] for line in lines[:5]]
    assert all(row[3] in "|*" for row in grid)  # 1e-3 is the fourth of seven columns
    assert grid[-1][4] == "*"  # the lowest loss, 0.3 at 1e-2, on the bottom row
    assert "1.0e-06" in lines[-1] and "1.0e+00" in lines[-1]
