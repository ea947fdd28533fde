"""Recurrent on masked text reads each row's real tokens only: the same outputs and gradients as packing each row
to its own length (pack_padded_sequence, which torch.export cannot capture), for every LSTM/GRU configuration."""

import itertools

import pytest
import torch
from torch import nn

from engine.layers.modules import Recurrent

LENGTHS = [7, 1, 0, 3, 6, 1, 2]  # full rows, rows of one token, and a row of padding only
STEPS = 7


def packed_reference(module: Recurrent, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Recurrent's forward before it ran on the padded tensor: each row packed to its own length."""
    lengths = mask.sum(dim=1).clamp(min=1).cpu()
    packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    sequence, state = module.rnn(packed)
    if module.output == "sequence":
        return nn.utils.rnn.pad_packed_sequence(sequence, batch_first=True, total_length=x.shape[1])[0]
    hidden = state[0] if isinstance(state, tuple) else state
    return torch.cat([hidden[-2], hidden[-1]], dim=1) if module.rnn.bidirectional else hidden[-1]


def _mask() -> torch.Tensor:
    return torch.arange(STEPS)[None, :] < torch.tensor(LENGTHS)[:, None]


CONFIGURATIONS = list(itertools.product(("lstm", "gru"), (1, 2, 3), (False, True), ("last", "sequence")))


@pytest.mark.parametrize(("kind", "layers", "bidirectional", "output"), CONFIGURATIONS,
                         ids=["-".join(map(str, c)) for c in CONFIGURATIONS])
def test_masked_outputs_and_gradients_equal_packing(kind, layers, bidirectional, output):
    torch.manual_seed(layers)
    module = Recurrent(kind, 5, 4, layers, bidirectional, output)
    x = torch.randn(len(LENGTHS), STEPS, 5)
    x_ref = x.clone().requires_grad_()
    x_new = x.clone().requires_grad_()
    expected = packed_reference(module, x_ref, _mask())
    got = module(x_new, _mask())
    assert got.shape == expected.shape
    assert torch.allclose(got, expected, atol=1e-6)
    weights = torch.randn_like(expected)  # any loss: compare the gradients it sends back
    grads_ref = torch.autograd.grad((expected * weights).sum(), [x_ref, *module.parameters()])
    grads_new = torch.autograd.grad((got * weights).sum(), [x_new, *module.parameters()])
    for ref, new in zip(grads_ref, grads_new):
        assert torch.allclose(new, ref, atol=1e-6)


@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("output", ["last", "sequence"])
def test_a_mask_without_padding_reads_like_no_mask(kind, output):
    torch.manual_seed(0)
    module = Recurrent(kind, 3, 4, 2, True, output)
    x = torch.randn(3, 6, 3)
    assert torch.allclose(module(x, torch.ones(3, 6, dtype=torch.bool)), module(x), atol=1e-6)
