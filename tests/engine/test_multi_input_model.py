"""GraphModule with text, image and time-series inputs: forward/backward, several inputs, padding masks."""

import pytest
import torch

from engine.graph import ModelSpec
from engine.model import build_model
from tests.engine.multi_input_specs import (HISTORY_CTX, IMAGE_CTX, TEXT_CTX, TEXT_TABLE_CTX, VOCAB,
                                            templates, text_and_table)


@pytest.fixture(autouse=True)
def one_thread():
    """Tiny recurrent models run far faster on one thread than on two fighting a busy machine."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _ids(rows: int, length: int, *, pad_from: int | None = None) -> torch.Tensor:
    ids = torch.randint(2, VOCAB, (rows, length))
    if pad_from is not None:
        ids[:, pad_from:] = 0
    return ids


def _forward_backward(model, *xs):
    model.train()
    out = model(*xs)
    out.float().pow(2).mean().backward()
    grads = [p.grad for p in model.parameters() if p.requires_grad]
    assert grads and all(g is not None and torch.isfinite(g).all() for g in grads)
    return out


def test_text_and_table_feed_one_head():
    torch.manual_seed(0)
    model = build_model(text_and_table(), TEXT_TABLE_CTX)
    out = _forward_backward(model, torch.randn(6, 5), _ids(6, 10, pad_from=7))
    assert out.shape == (6, 1)
    # both inputs matter: changing either changes the logits
    model.eval()
    table, ids = torch.randn(6, 5), _ids(6, 10)
    base = model(table, ids)
    assert not torch.allclose(base, model(table + 1, ids))
    assert not torch.allclose(base, model(table, _ids(6, 10)))


@pytest.mark.parametrize(("name", "spec", "ctx"), templates(), ids=[t[0] for t in templates()])
def test_templates_train_on_random_inputs(name, spec, ctx):
    torch.manual_seed(0)
    model = build_model(spec, ctx)
    source = ctx.all_sources()[0]
    if source.kind == "text":
        x = _ids(4, source.shape[0], pad_from=6)
    elif source.kind == "image":
        x = torch.randint(0, 256, (4, *source.shape), dtype=torch.uint8)
    else:
        x = torch.randn(4, *source.shape)
    out = _forward_backward(model, x)
    assert out.shape == (4, ctx.output_width)


def test_image_input_scales_pixels_to_unit_range():
    spec = ModelSpec.chain([("Flatten", {})])
    model = build_model(spec, IMAGE_CTX)
    pixels = torch.full((2, 1, 8, 8), 255, dtype=torch.uint8)
    layer = model.layers["output_1"]
    expected = layer(torch.ones(2, 64))
    assert torch.allclose(model(pixels), expected)


def _transformer_pool() -> ModelSpec:
    return ModelSpec.chain([("Embedding", {"dim": 8}), ("PositionalEmbedding", {}),
                            ("TransformerBlock", {"heads": 2, "feedforward": 16, "dropout": 0.0}),
                            ("MaskedMeanPool", {})])


@pytest.mark.parametrize("spec", [_transformer_pool(), ModelSpec.chain([
    ("Embedding", {"dim": 8}), ("GRU", {"hidden": 6, "bidirectional": True, "output": "sequence"}),
    ("MaskedMeanPool", {})]), ModelSpec.chain([("Embedding", {"dim": 8}), ("LSTM", {"hidden": 6})])],
    ids=["transformer", "gru-sequence", "lstm-last"])
def test_padding_tokens_do_not_change_the_output(spec):
    torch.manual_seed(0)
    model = build_model(spec, TEXT_CTX).eval()
    ids = _ids(3, 10, pad_from=5)
    with torch.no_grad():
        out = model(ids)
        # make the padding positions loud (the padding token's vector is zeros; not a constant, which
        # LayerNorm would remove): masked, nothing changes
        model.layers["embedding_1"].weight[0] = 5 * torch.randn(8)
        loud = model(ids)
    assert torch.allclose(out, loud, atol=1e-5)


def test_without_the_mask_padding_would_change_the_output():
    torch.manual_seed(0)
    model = build_model(_transformer_pool(), TEXT_CTX).eval()
    ids = _ids(3, 10, pad_from=5)
    with torch.no_grad():
        model.layers["embedding_1"].weight[0] = 5 * torch.randn(8)
        masked = model(ids)
        model._steps[-2].mask = None  # the TransformerBlock and the pool as if no mask followed the tokens
        model._steps[-3].mask = None
        unmasked = model(ids)
    assert not torch.allclose(masked, unmasked, atol=1e-3)


def test_a_row_of_padding_only_stays_finite():
    model = build_model(_transformer_pool(), TEXT_CTX).eval()
    with torch.no_grad():
        out = model(torch.zeros(2, 10, dtype=torch.long))
    assert torch.isfinite(out).all()


def test_gru_forecaster_learns_a_sum_of_the_history():
    torch.manual_seed(0)
    model = build_model(ModelSpec.chain([("GRU", {"hidden": 8}), ("Dense", {"units": 8})]), HISTORY_CTX)
    x = torch.randn(32, 12, 3)
    y = x[:, -2:, 0].sum(dim=1, keepdim=True)
    optimiser = torch.optim.Adam(model.parameters(), lr=0.05)
    losses = []
    for _ in range(30):
        optimiser.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    assert losses[-1] < 0.3 * losses[0]


@pytest.mark.parametrize(("name", "spec", "ctx"), templates(), ids=[t[0] for t in templates()])
def test_forward_flops_count_every_kind_of_input(name, spec, ctx):
    from engine.insight.cost import forward_flops

    assert forward_flops(spec, ctx) > 0
    lstm_on_text = ModelSpec.chain([("Embedding", {"dim": 8}), ("LSTM", {"hidden": 4})])
    assert forward_flops(lstm_on_text, TEXT_CTX) > 0
