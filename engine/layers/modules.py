"""Torch modules for the layers torch.nn has no single class for; code export copies this source (modules_source.py)."""

import torch
from torch import nn


class ImageInput(nn.Module):
    """Turns uint8 pixels (0..255) into floats in [0, 1]."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.float() / 255


class ChannelsLast(nn.Module):
    """Runs a channels-first 1-d torch layer (Conv1d, pooling, BatchNorm1d) on (batch, steps, channels)."""

    def __init__(self, inner: nn.Module):
        super().__init__()
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.inner(x.transpose(1, 2)).transpose(1, 2)


class GlobalPool(nn.Module):
    """The average or maximum over the steps of (batch, steps, channels) or the pixels of (batch, channels, h, w)."""

    def __init__(self, mode: str, dims: tuple[int, ...]):
        super().__init__()
        self.mode = mode
        self.dims = tuple(dims)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.mode == "max":
            return x.amax(dim=self.dims)
        return x.mean(dim=self.dims)


class Reshape(nn.Module):
    """Gives each sample a new shape with the same number of values."""

    def __init__(self, shape: tuple[int, ...]):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.shape)


class MaskedMeanPool(nn.Module):
    """The mean over the steps of (batch, steps, features) that are real tokens (mask True), not padding."""

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        if mask is None:
            return x.mean(dim=1)
        weights = mask.unsqueeze(-1).to(x.dtype)
        return (x * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)


class PositionalEmbedding(nn.Module):
    """Adds a learned vector per position to (batch, steps, features)."""

    def __init__(self, length: int, features: int):
        super().__init__()
        self.positions = nn.Embedding(length, features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.positions.weight[: x.shape[1]]


class TransformerBlock(nn.Module):
    """Multi-head self-attention over the real tokens, then a feed-forward layer; residuals and LayerNorm (pre-norm)."""

    def __init__(self, features: int, heads: int, feedforward: int, dropout: float, activation: str):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(features, heads, feedforward, dropout, activation,
                                                batch_first=True, norm_first=True)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        if mask is None:
            return self.layer(x)
        keep = mask | ~mask.any(dim=1, keepdim=True)  # a row of padding only attends to all (else NaN)
        return self.layer(x, src_key_padding_mask=~keep)


class Recurrent(nn.Module):
    """An LSTM or GRU over (batch, steps, features) returning the last state or every step's output.

    With a padding mask (padding at the end of each row) it reads only each row's real tokens, as packing each
    row to its own length would, but on the padded tensor, so that torch.export (ONNX, .pt2) can capture it.
    """

    def __init__(self, kind: str, features: int, hidden: int, layers: int, bidirectional: bool, output: str):
        super().__init__()
        rnn = nn.LSTM if kind == "lstm" else nn.GRU
        self.rnn = rnn(features, hidden, num_layers=layers, batch_first=True, bidirectional=bidirectional)
        self.output = output

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        if mask is None:
            sequence, state = self.rnn(x)
            if self.output == "sequence":
                return sequence
            hidden = state[0] if isinstance(state, tuple) else state  # an LSTM's state is (hidden, cell)
            return torch.cat([hidden[-2], hidden[-1]], dim=1) if self.rnn.bidirectional else hidden[-1]
        lengths = mask.sum(dim=1).clamp(min=1)  # a row of padding only reads its first step
        sequence = self._read_real_steps(x, lengths)
        if self.output == "sequence":
            return sequence
        last = sequence.gather(1, (lengths - 1).view(-1, 1, 1).expand(-1, 1, sequence.shape[2])).squeeze(1)
        if self.rnn.bidirectional:  # the backward direction ends at the first step
            hidden = self.rnn.hidden_size
            return torch.cat([last[:, :hidden], sequence[:, 0, hidden:]], dim=1)
        return last

    def _read_real_steps(self, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Every step's output of the stacked layers, each row read up to its length; zeros after it."""
        positions = torch.arange(x.shape[1], device=x.device).expand(x.shape[0], -1)
        real = positions < lengths.unsqueeze(1)
        # Each row's real steps reversed in place, padding left at the end: the backward direction runs over
        # them forwards and meets the padding only after them, so the padding cannot change their outputs.
        reverse = torch.where(real, lengths.unsqueeze(1) - 1 - positions, positions).unsqueeze(2)
        for layer in range(self.rnn.num_layers):
            forwards = self._one_direction(x, layer, "")
            if self.rnn.bidirectional:
                backwards = self._one_direction(x.gather(1, reverse.expand_as(x)), layer, "_reverse")
                forwards = torch.cat([forwards, backwards.gather(1, reverse.expand_as(backwards))], dim=2)
            x = forwards
        return x * real.unsqueeze(2).to(x.dtype)

    def _one_direction(self, x: torch.Tensor, layer: int, suffix: str) -> torch.Tensor:
        """Every step's output of one layer and direction of self.rnn (suffix "" or "_reverse"), from a zero state."""
        weights = [getattr(self.rnn, f"{name}_l{layer}{suffix}")
                   for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
        state = x.new_zeros(1, x.shape[0], self.rnn.hidden_size)
        if isinstance(self.rnn, nn.LSTM):
            return torch.lstm(x, (state, state), weights, True, 1, 0.0, self.training, False, True)[0]
        return torch.gru(x, state, weights, True, 1, 0.0, self.training, False, True)[0]
