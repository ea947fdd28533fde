"""Sources of the generated project's predict.py, README.md and requirements.txt."""

PREDICT_PY = r'''"""Predict with the trained model on a new CSV. Needs only torch, pandas, numpy and safetensors
(and tokenizers for text columns, Pillow for image files: see requirements.txt).

    python predict.py --csv NEW.csv -o predictions.csv
"""

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from safetensors.torch import load_file

from model import Model
from preprocessing import Preprocessor, model_inputs, read_table

HERE = Path(__file__).resolve().parent
# A binary model predicts its second class from this probability on (the threshold chosen in LayerLab).
DECISION_THRESHOLD = __DECISION_THRESHOLD__


def load_model(weights=HERE / "weights.safetensors"):
    """The Model from model.py with the saved weights, in eval mode."""
    model = Model()
    model.load_state_dict(load_file(str(weights)))
    return model.eval()


def predict(frame, model=None, pre=None, threshold=DECISION_THRESHOLD, base_dir=None):
    """A DataFrame of predictions (and probabilities for classification) for the rows of frame; a binary
    model predicts its second class where that class's probability is at least threshold. Image paths are
    read relative to base_dir (the CSV's folder). A forecaster predicts the rows that have enough earlier
    rows; the first ones stay empty."""
    pre = pre or Preprocessor.load(HERE / "preprocessor.json")
    model = model or load_model()
    inputs, positions, last = model_inputs(frame, pre, base_dir)
    with torch.no_grad():
        logits = model(*(torch.as_tensor(x) for x in inputs)).numpy()
    if last is not None:  # a forecaster predicts the change from the last known value
        values = np.full(len(frame), np.nan)
        values[positions] = pre.decode_regression(logits[:, 0] + last)
        return pd.DataFrame({f"predicted_{pre.target}": values})
    if pre.task == "regression":
        return pd.DataFrame({f"predicted_{pre.target}": pre.decode_regression(logits[:, 0])})
    if pre.task == "binary":
        p1 = 1.0 / (1.0 + np.exp(-logits[:, 0].astype(np.float64)))
        proba = np.column_stack([1.0 - p1, p1])
    else:
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        proba = shifted / shifted.sum(axis=1, keepdims=True)
    chosen = (proba[:, 1] >= threshold).astype(np.int64) if pre.task == "binary" else proba.argmax(axis=1)
    out = pd.DataFrame({f"predicted_{pre.target}": np.asarray(pre.classes, dtype=object)[chosen]})
    for k, name in enumerate(pre.classes):
        out[f"probability_{name}"] = proba[:, k]
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--csv", required=True, help="rows to predict (the feature columns used in training)")
    p.add_argument("-o", "--out", default="predictions.csv")
    p.add_argument("--weights", default=str(HERE / "weights.safetensors"))
    p.add_argument("--threshold", type=float, default=DECISION_THRESHOLD,
                   help="binary models: predict the second class from this probability on")
    args = p.parse_args()
    if not 0.0 < args.threshold < 1.0:
        p.error("--threshold must lie between 0 and 1")
    result = predict(read_table(args.csv), load_model(args.weights), threshold=args.threshold,
                     base_dir=Path(args.csv).resolve().parent)
    result.to_csv(args.out, index=False)
    print(f"Wrote {len(result)} predictions to {args.out}")


if __name__ == "__main__":
    main()
'''

REQUIREMENTS_TXT = """\
torch>={torch}
pandas>=2.1
numpy>=1.26
safetensors>=0.4
"""

README_MD = """\
# {title}: a PyTorch training project exported by LayerLab {version}

This folder runs without LayerLab: it needs only {packages} (`requirements.txt`).

| file | what it is |
|---|---|
| `model.py` | the network as a plain `nn.Module`; its attributes are named after the canvas layers |
| `preprocessing.py` | reads the CSV and applies LayerLab's fitted preprocessing (`preprocessor.json`) and split |
| `train.py` | trains with LayerLab's settings (`config.json`): one process, or many with `torchrun` |
| `predict.py` | predictions for a new CSV |
| `weights.safetensors` | the weights trained in LayerLab (train.py overwrites them unless given `--out`) |
| `config.json` | training settings, split, task and target |

## Commands

```
python -m venv .venv && . .venv/bin/activate        # Windows: .venv\\Scripts\\activate
pip install -r requirements.txt
python train.py --csv {csv}                          # one process: CPU, or one GPU if present
torchrun --standalone --nproc-per-node 2 train.py --csv {csv}   # 2 processes (set N to your GPU count)
python predict.py --csv {csv} -o predictions.csv
```

Options: `python train.py --help` (epochs, batch size, learning rate, seed, device, --max-rows, --out, --metrics).

## What is reproduced

- Task: {task}; target column `{target}`; {inputs_words}.
- Settings: {settings}.
- Split: {split_words}, after dropping rows without a target.
- Preprocessing uses the state fitted in LayerLab (nothing is re-fitted: the scaling, the tokenizer's
  vocabulary, the image size), so inputs are identical. Image paths are read relative to the CSV's folder.
- On one CPU process with the same data and seed, `train.py` repeats LayerLab's run step by
  step: the same initial weights, the same shuffles and batches, the same loss and optimizer.
  Per-epoch losses agree with LayerLab's within 1e-6 (bit-identical when LayerLab trained with
  autograd; LayerLab's hand-derived fast path for Dense chains rounds differently, about 1e-8).

## Many processes (DistributedDataParallel)

`torchrun --standalone --nproc-per-node N train.py ...` starts N processes. Each rank takes its
own 1/N shard of every epoch's shuffled rows (rows beyond a multiple of N are left out of that
epoch), gradients are averaged by DDP (NCCL on GPUs, gloo on CPUs), rank 0 prints the log and
saves the weights once. `--batch-size` is per process, so the effective batch is N times larger;
scale the learning rate if you need the single-process behaviour. For several machines use
`torchrun --nnodes M --nproc-per-node N --rdzv-endpoint HOST:PORT train.py ...`.

## Using the model elsewhere

```python
from predict import load_model, predict
from preprocessing import read_table
print(predict(read_table("{csv}")).head())
```

The model's raw output is {output_words}.{decision_words}
"""
