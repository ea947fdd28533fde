"""Source text of the merge modules, pasted once into exported code (no torch import here)."""

# Exported code pastes this source once when a model uses Add or Concatenate; the classes below
# are the same code (a test checks they agree). Kept as a string because frozen apps ship no .py.
MERGE_MODULES_SOURCE = '''\
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
'''
