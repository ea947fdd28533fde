"""Making a torch optimiser without importing torch._dynamo (1.2-1.8 s here, about a thousand modules).

torch wraps Optimizer.add_param_group, state_dict, load_state_dict and zero_grad in `torch._disable_dynamo`,
which imports torch._dynamo on the first call only to keep torch.compile from tracing them, and keeps the
result on the wrapped function as `__dynamo_disable`. LayerLab never compiles an optimiser, so until
torch._dynamo is loaded for another reason these functions are marked as done: a table's run (the fast path
never calls Optimizer.step, which imports torch._dynamo itself) starts training about 1.2 s sooner, in the
app, the CLI and every sweep worker. Should torch change the wrapper, the mark is ignored and the import
happens as before.
"""

from __future__ import annotations

import sys

import torch


def skip_dynamo_import() -> None:
    """Mark torch.optim.Optimizer's dynamo-disabled methods as done, unless torch._dynamo is loaded already."""
    if "torch._dynamo" in sys.modules or not hasattr(torch, "_disable_dynamo"):
        return
    wrapper_code = torch._disable_dynamo(lambda: None).__code__  # noqa: SLF001 - see the module's docstring
    for method in vars(torch.optim.Optimizer).values():
        wrapped = getattr(method, "__wrapped__", None)
        if getattr(method, "__code__", None) is wrapper_code and wrapped is not None \
                and not hasattr(wrapped, "__dynamo_disable"):
            setattr(wrapped, "__dynamo_disable", wrapped)
