"""The learning-rate range test: suggestions inside known good ranges, the design's weights untouched."""

import math

import numpy as np
import pytest
import torch

from engine.graph import ModelSpec
from engine.insight.lr_finder import find_learning_rate, range_test, steepest_descent
from engine.layers import ShapeContext
from engine.model import build_model
from engine.training import TrainConfig


def linear_regression(seed: int, rows: int = 3000, width: int = 8):
    """Standardised inputs, a standardised linear target: the mean-squared error's Hessian is about 2I."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((rows, width)).astype(np.float32)
    y = x @ rng.standard_normal(width)
    y = ((y - y.mean()) / y.std() + 0.1 * rng.standard_normal(rows)).astype(np.float32)
    return x, y


def linear_model(seed: int, width: int = 8):
    torch.manual_seed(seed)
    return build_model(ModelSpec.chain([]), ShapeContext(width, 1, "regression"))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_plain_sgd_on_a_linear_problem_suggests_a_stable_rate(seed):
    # Plain SGD on a quadratic with Hessian ~2I converges for rates below 2/2 = 1 and fastest at 0.5;
    # rates far below ~0.01 barely move in 100 batches. The suggestion must fall in [0.02, 1).
    x, y = linear_regression(seed)
    config = TrainConfig(optimizer="sgd", momentum=0.0, batch_size=32, seed=seed)
    result = range_test(linear_model(seed), "regression", x, y, config)
    assert 0.02 <= result.suggested < 1.0, result.suggested
    assert result.divergence is not None and result.divergence > 1.0  # it blows up past the stable limit
    assert len(result.learning_rates) == len(result.losses) <= 100


def test_adam_on_the_churn_example_suggests_a_rate_that_trains_well():
    # Measured on churn (10 epochs, Adam): rates 1e-3 to 3e-2 reach a validation loss of 0.25, 0.1 reaches
    # 0.27, 1e-4 and below hardly learn in that budget, 1 and above diverge.
    from engine.io.examples import load_example
    from engine.runs.pipeline import RunPipeline

    example = load_example("churn")
    pipeline = RunPipeline(example.table.frame, example.schema, example.spec, example.config, example.split)
    result = find_learning_rate(pipeline)
    assert 1e-3 <= result.suggested <= 0.15, result.suggested
    assert result.learning_rates[0] == pytest.approx(1e-7)


def test_the_designs_weights_are_bit_identical_after_the_test():
    x, y = linear_regression(0, rows=600)
    torch.manual_seed(0)
    model = build_model(ModelSpec.chain([("Dense", {"units": 16}), ("BatchNorm", {}), ("Dropout", {"rate": 0.2})]),
                        ShapeContext(8, 1, "regression"))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    result = range_test(model, "regression", x, y, TrainConfig(optimizer="adamw", weight_decay=0.01, batch_size=16))
    assert result.losses  # it did train (a copy)
    after = model.state_dict()
    assert before.keys() == after.keys()
    for key in before:
        assert torch.equal(before[key], after[key]), key  # BatchNorm's running statistics included
    assert all(p.grad is None for p in model.parameters())


def test_the_sweep_is_exponential_and_one_pass_at_most():
    x, y = linear_regression(0, rows=320)
    result = range_test(linear_model(0), "regression", x, y, TrainConfig(optimizer="sgd", momentum=0.0,
                                                                         batch_size=32), end_lr=0.5)
    assert len(result.learning_rates) == 10  # 320 rows / 32: ten batches, not 100
    ratios = np.diff(np.log10(result.learning_rates))
    assert np.allclose(ratios, ratios[0])
    assert result.learning_rates[-1] == pytest.approx(0.5) and result.divergence is None


def test_divergence_stops_the_sweep_and_is_reported():
    x, y = linear_regression(0)
    result = range_test(linear_model(0), "regression", x, y, TrainConfig(optimizer="sgd", momentum=0.0,
                                                                         batch_size=32), end_lr=1e4)
    assert result.divergence is not None
    assert result.learning_rates[-1] < result.divergence < 1e4
    assert max(result.losses) <= 4 * min(result.losses)  # every point kept is below the divergence rule
    assert all(math.isfinite(v) for v in result.losses)


def test_the_losses_are_a_bias_corrected_moving_average():
    x, y = linear_regression(0, rows=64)
    # With a tiny rate the model barely moves: the first smoothed loss is the first batch's own loss,
    # not 2% of it as an uncorrected average starting at zero would give.
    model = linear_model(0)
    first_batch = torch.randperm(64, generator=torch.Generator().manual_seed(0))[:32]
    with torch.no_grad():
        expected = torch.nn.functional.mse_loss(model(torch.as_tensor(x)[first_batch]),
                                                torch.as_tensor(y).reshape(-1, 1)[first_batch])
    result = range_test(model, "regression", x, y, TrainConfig(optimizer="sgd", momentum=0.0, batch_size=32),
                        start_lr=1e-9, end_lr=1e-8)
    assert result.losses[0] == pytest.approx(float(expected), rel=1e-5)


def test_should_stop_ends_the_sweep_early():
    x, y = linear_regression(0)
    calls = []
    result = range_test(linear_model(0), "regression", x, y, TrainConfig(optimizer="sgd", batch_size=32),
                        on_point=lambda rate, loss: calls.append(rate), should_stop=lambda: len(calls) >= 5)
    assert result.stopped and len(result.learning_rates) == 5 and calls == result.learning_rates


def test_steepest_descent_ignores_the_tail_after_the_lowest_loss():
    rates = list(np.geomspace(1e-6, 1.0, 44))
    # falls fastest at index 20 (0.1 a point), lowest at 35; then a ruined model's bounded loss jumps to 2
    # and drifts down faster (0.15 a point) while staying above the lowest loss
    losses = [1.0 - 0.8 / (1 + math.exp(-(i - 20) / 2)) if i <= 35 else 2.0 - 0.15 * (i - 36) for i in range(44)]
    assert steepest_descent(rates, losses) == pytest.approx(rates[20], rel=0.5)
    assert steepest_descent(rates[:9], losses[:9]) is None  # too few points to judge


def test_the_settings_class_weights_weigh_the_loss_as_in_training():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 4)).astype(np.float32)
    y = (rng.random(64) < 0.25).astype(np.float32)  # a rare positive class
    torch.manual_seed(0)
    model = build_model(ModelSpec.chain([]), ShapeContext(4, 1, "binary"))
    first_batch = torch.randperm(64, generator=torch.Generator().manual_seed(0))[:32]
    positives = y.sum()
    pos_weight = torch.tensor([(64 / (2 * positives)) / (64 / (2 * (64 - positives)))])
    with torch.no_grad():
        expected = torch.nn.functional.binary_cross_entropy_with_logits(
            model(torch.as_tensor(x)[first_batch]), torch.as_tensor(y).reshape(-1, 1)[first_batch],
            pos_weight=pos_weight)
    config = TrainConfig(optimizer="sgd", momentum=0.0, batch_size=32, class_weights="balanced")
    result = range_test(model, "binary", x, y, config, class_names=["no", "yes"], start_lr=1e-9, end_lr=1e-8)
    assert result.losses[0] == pytest.approx(float(expected), rel=1e-5)


def test_a_short_sweep_does_not_judge_the_first_smoothed_points():
    rates = list(np.geomspace(1e-7, 10, 30))
    # the average of the first few batches settles steeply (noise), then the real descent is at index 20
    losses = [1.5, 1.35, 1.2, 1.1, 1.05] + [1.05] * 13 + [1.0, 0.9, 0.8, 0.75, 0.74, 0.74, 0.8, 1.2, 1.5,
                                                               1.9, 2.5, 3.0]
    assert steepest_descent(rates, losses) == pytest.approx(rates[19], rel=1.0)
    assert steepest_descent(rates, losses) > rates[15]
