"""Cost before training: parameters, memory, FLOPs against hand-computed values; the time probe; measured time."""

import pytest

from engine.graph import ModelSpec
from engine.insight.cost import (EpochProbe, measured_epoch_seconds, memory_cost, model_cost,
                                 optimizer_state_copies, probe_epoch_time)
from engine.layers import InputSource, ShapeContext
from engine.training import TrainConfig

# Input 10 -> Dense 16 -> Dense 8 -> Output 3 (multiclass)
SPEC = ModelSpec.chain([("Dense", {"units": 16}), ("Dense", {"units": 8})])
CTX = ShapeContext(input_width=10, output_width=3, task="multiclass")
PARAMS = (10 * 16 + 16) + (16 * 8 + 8) + (8 * 3 + 3)  # weights + biases per Linear = 339
FORWARD_FLOPS = 2 * (10 * 16 + 16 * 8 + 8 * 3)  # a multiply and an add per weight = 624


@pytest.mark.parametrize("optimizer, momentum, copies", [("adam", 0.9, 2), ("adamw", 0.9, 2), ("sgd", 0.9, 1),
                                                         ("sgd", 0.0, 0), ("rmsprop", 0.9, 1)])
def test_memory_is_weights_plus_the_optimizers_copies(optimizer, momentum, copies):
    config = TrainConfig(optimizer=optimizer, momentum=momentum)
    cost = model_cost(SPEC, CTX, config)
    assert cost.parameters == PARAMS
    assert optimizer_state_copies(config) == copies
    assert cost.memory.weight_bytes == PARAMS * 4
    assert cost.memory.total_bytes == PARAMS * 4 * (1 + copies)
    assert str(copies) in cost.memory.state_words or (copies == 0 and "no state" in cost.memory.state_words)


def test_flops_per_sample_are_exact_for_dense_layers():
    cost = model_cost(SPEC, CTX, TrainConfig())
    assert cost.forward_flops == FORWARD_FLOPS
    assert cost.training_flops == 3 * FORWARD_FLOPS


def test_a_large_model_is_counted_exactly():
    wide = ModelSpec.chain([("Dense", {"units": 10_000}), ("Dense", {"units": 10_000})])  # 100 M weights, 0.4 GB
    cost = model_cost(wide, ShapeContext(100, 1, "binary"), TrainConfig(optimizer="sgd", momentum=0.0))
    assert cost.parameters == 100 * 10_000 + 10_000 + 10_000 * 10_000 + 10_000 + 10_000 + 1
    assert cost.forward_flops == 2 * (100 * 10_000 + 10_000 * 10_000 + 10_000)
    assert cost.memory.total_bytes == cost.parameters * 4  # plain SGD keeps no state


def test_the_probe_times_steps_and_validation_and_scales_to_the_table():
    probe = probe_epoch_time(SPEC, CTX, TrainConfig(batch_size=16, device="cpu"))
    assert probe.batch_size == 16 and probe.device == "CPU" and probe.engine_path == "fast path: on"
    assert 0 < probe.step_seconds < 1 and 0 < probe.validation_row_seconds < 0.01
    # 1,000 training rows at batch 16 are 63 steps; 200 validation rows
    assert probe.epoch_seconds(1000, 200) == pytest.approx(63 * probe.step_seconds + 200 * probe.validation_row_seconds)


def test_epoch_seconds_count_a_ragged_last_batch_as_a_step():
    probe = EpochProbe(step_seconds=0.5, validation_row_seconds=0.001, batch_size=32, device="CPU", engine_path="")
    assert probe.epoch_seconds(64, 0) == 1.0
    assert probe.epoch_seconds(65, 1000) == pytest.approx(1.5 + 1.0)
    assert probe.epoch_seconds(10, 0) == 0.5  # fewer rows than a batch: one step


def test_the_probe_follows_the_model_path_the_trainer_takes():
    normed = ModelSpec.chain([("Dense", {"units": 16}), ("BatchNorm", {})])
    probe = probe_epoch_time(normed, CTX, TrainConfig(batch_size=8, device="cpu"), batches=2)
    assert probe.engine_path.startswith("fast path: off")


def test_measured_time_is_the_median_epoch():
    history = [{"epoch": 1, "seconds": 2.0}, {"epoch": 2, "seconds": 0.5}, {"epoch": 3, "seconds": 0.6}]
    assert measured_epoch_seconds(history) == 0.6
    assert measured_epoch_seconds([]) is None


def test_the_probe_times_a_model_whose_settings_name_class_weights():
    config = TrainConfig(batch_size=8, device="cpu", class_weights={"setosa": 2.0})
    probe = probe_epoch_time(SPEC, CTX, config, batches=2)
    assert probe.step_seconds > 0


@pytest.mark.parametrize("template, source", [
    ("text_light", InputSource("review", "text", (12,), vocab_size=50)),
    ("image_cnn", InputSource("image", "image", (1, 8, 8))),
    ("forecaster", InputSource("history", "sequence", (6, 2))),
])
def test_the_epoch_time_probe_feeds_text_image_and_history_inputs(template, source):
    """The Model page's "time per epoch" for a text, image or forecasting design: the probe's random rows have
    the data's shapes and kinds (it fed table rows of width 0: "Expected 3D or 4D input to conv2d")."""
    from engine.graph import fit_inputs, load_template

    ctx = ShapeContext(input_width=0, output_width=3 if template != "forecaster" else 1,
                       task="multiclass" if template != "forecaster" else "regression", sources=(source,))
    spec = fit_inputs(load_template(template), ctx)
    probe = probe_epoch_time(spec, ctx, TrainConfig(batch_size=8, device="cpu"), batches=2)
    assert probe.step_seconds > 0 and probe.validation_row_seconds >= 0
