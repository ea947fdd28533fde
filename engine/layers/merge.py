"""Modules for merge layers (Add, Concatenate); their source text for code export is in merge_source.py."""

import torch
from torch import nn


class Add(nn.Module):
    """Element-wise sum of inputs of the same shape."""

    def forward(self, inputs: list[torch.Tensor]) -> torch.Tensor:
        out = inputs[0]
        for x in inputs[1:]:
            out = out + x
        return out


class Concatenate(nn.Module):
    """Joins inputs side by side along the feature axis."""

    def forward(self, inputs: list[torch.Tensor]) -> torch.Tensor:
        return torch.cat(inputs, dim=-1)
