"""The fast path's view of a model: a chain of Linear, element-wise activation and Dropout steps."""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn


@dataclass
class Linear:
    """A Linear layer (Dense or Output); its parameters are trained."""

    node: str
    module: nn.Linear


@dataclass
class Act:
    """An element-wise activation (inside a Dense or a layer of its own)."""

    node: str
    kind: str  # relu, leaky_relu, elu, gelu, silu, tanh, sigmoid, softmax
    arg: float = 0.0  # negative slope (leaky_relu) or alpha (elu)
    in_place: bool = False  # backward needs only the output, so the output may overwrite the input


@dataclass
class Dropout:
    """nn.Dropout with rate p > 0 (a rate of 0 is no step at all, as in torch)."""

    node: str
    p: float


RESULT_ONLY = {"relu", "tanh", "sigmoid"}  # backward formulas that read the output, as in autograd


def _activation_step(node_id: str, module: nn.Module) -> Act | str:
    if type(module) is nn.ReLU:
        return Act(node_id, "relu")
    if type(module) is nn.LeakyReLU:
        return Act(node_id, "leaky_relu", float(module.negative_slope))
    if type(module) is nn.ELU:
        return Act(node_id, "elu", float(module.alpha))
    if type(module) is nn.GELU:
        if module.approximate != "none":
            return f"GELU (approximate={module.approximate!r}) at node {node_id}"
        return Act(node_id, "gelu")
    if type(module) is nn.SiLU:
        return Act(node_id, "silu")
    if type(module) is nn.Tanh:
        return Act(node_id, "tanh")
    if type(module) is nn.Sigmoid:
        return Act(node_id, "sigmoid")
    if type(module) is nn.Softmax:
        if module.dim not in (-1, 1):
            return f"Softmax over dim {module.dim} at node {node_id}"
        return Act(node_id, "softmax")
    return f"{type(module).__name__} at node {node_id}"


def read_program(model: nn.Module) -> list | str:
    """The chain as a list of Linear/Act/Dropout steps, or why it cannot be one (naming the node).

    Args:
        model: a GraphModule (anything else is refused, with its class name as the reason).
    Returns:
        The steps in forward order (the last is the Output Linear), or a reason such as
        "BatchNorm at node batchnorm_1".
    """
    spec = getattr(model, "spec", None)
    layers = getattr(model, "layers", None)
    if spec is None or not isinstance(layers, nn.ModuleDict) or not hasattr(model, "node_ids"):
        return f"{type(model).__name__} is not a LayerLab graph model"
    types = {n.id: n.type for n in spec.nodes}
    if not spec.is_chain():
        merge = next((i for i in model.node_ids if types[i] in ("Add", "Concatenate")), None)
        return f"{types[merge]} at node {merge}" if merge else "the model is not a single chain"
    steps: list = []
    for node_id in model.node_ids:
        kind, module = types[node_id], layers[node_id]
        parts = list(module) if type(module) is nn.Sequential else [module]
        for part in parts:
            if type(part) is nn.Linear:
                steps.append(Linear(node_id, part))
            elif type(part) is nn.Dropout and not part.inplace:
                if part.p > 0:  # p == 0 draws no random numbers in torch either
                    steps.append(Dropout(node_id, float(part.p)))
            elif type(part) is nn.Identity:
                continue
            else:
                act = _activation_step(node_id, part)
                if isinstance(act, str):
                    return act if kind == "Dense" else f"{kind} at node {node_id}"
                steps.append(act)
    if not steps or not isinstance(steps[-1], Linear):
        return "the last layer is not the Output layer"
    # An activation may overwrite its input only if the step before does not need its own
    # output for its backward pass.
    for before, op in zip([None] + steps[:-1], steps):
        if isinstance(op, Act) and op.kind in RESULT_ONLY:
            op.in_place = not (isinstance(before, Act) and before.kind in RESULT_ONLY | {"softmax"})
    return steps
