"""Source of the generated project's train.py (a string, so frozen apps can write it).

Single process it repeats engine.training.Trainer step for step (same seed, same init order,
same per-epoch permutation, batches, loss, optimizer and schedule); under torchrun it wraps
the model in DistributedDataParallel and gives each rank its own shard of every epoch.
Models with text, image or history inputs train the same way: a batch takes the same rows of
every input (preprocessing.prepare makes them as LayerLab did) and calls model(*inputs).
"""

TRAIN_PY = r'''"""Train model.py on a CSV with LayerLab's settings. Needs only torch, pandas, numpy and safetensors
(and tokenizers for text columns, Pillow for image files: see requirements.txt).

One process (CPU or one GPU):   python train.py --csv DATA.csv
Many processes / GPUs:          torchrun --standalone --nproc-per-node 4 train.py --csv DATA.csv

Under torchrun every rank takes its own shard of each epoch's shuffled rows (NCCL on GPUs,
gloo on CPUs); rank 0 logs and saves. --batch-size is per process.
Image paths in the CSV are read relative to the CSV's folder; a forecaster's rows are split in
time order (the first part trains, the last tests) and its windows stay inside each part.
"""

import argparse
import csv
import json
import math
import os
import time
from contextlib import nullcontext
from functools import partial
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

from model import Model
from preprocessing import Preprocessor, prepare, read_table

HERE = Path(__file__).resolve().parent
VALIDATION_CHUNK = 8192


def parse_args():
    config = json.loads((HERE / "config.json").read_text(encoding="utf-8"))
    settings = config["train_config"]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--csv", required=True, help="the training table (same columns as in LayerLab)")
    p.add_argument("--epochs", type=int, default=settings["epochs"])
    p.add_argument("--batch-size", type=int, default=settings["batch_size"])
    p.add_argument("--lr", type=float, default=settings["learning_rate"])
    p.add_argument("--seed", type=int, default=settings["seed"])
    p.add_argument("--device", default=settings.get("device", "auto"), help="auto, cpu, cuda, cuda:N or mps")
    p.add_argument("--max-rows", type=int, default=None, help="use only the first N rows (quick tries)")
    p.add_argument("--out", default=str(HERE / "weights.safetensors"), help="where to save the weights")
    p.add_argument("--metrics", default=str(HERE / "metrics.csv"), help="per-epoch losses (CSV)")
    args = p.parse_args()
    settings = {**settings, "epochs": args.epochs, "batch_size": args.batch_size, "learning_rate": args.lr,
                "seed": args.seed}
    return args, config, settings


def class_weight_values(setting, task, classes, y_train):
    """One loss weight per class (LayerLab's class weights setting): None for "none"; "balanced" is
    n / (k * count) over the training rows (1 for a class absent there); a dict gives weights by class name."""
    if setting in (None, "none") or task == "regression":
        return None
    k = max(len(classes), 2 if task == "binary" else 1)
    if setting == "balanced":
        counts = np.bincount(np.asarray(y_train).astype(np.int64).reshape(-1), minlength=k)[:k]
        return [int(counts.sum()) / (k * int(c)) if c else 1.0 for c in counts]
    return [float(setting.get(str(name), 1.0)) for name in classes]


def loss_function(task, class_weights=None):
    """BCE (binary, pos_weight = weight(positive) / weight(negative)), cross-entropy or MSE, on logits."""
    if task == "binary" and class_weights is not None:
        return partial(F.binary_cross_entropy_with_logits, pos_weight=class_weights[1:] / class_weights[0])
    if task == "multiclass" and class_weights is not None:
        return partial(F.cross_entropy, weight=class_weights)
    return {"binary": F.binary_cross_entropy_with_logits, "multiclass": F.cross_entropy,
            "regression": F.mse_loss}[task]


def target_tensor(task, y):
    y = torch.as_tensor(np.asarray(y))
    return y.long().reshape(-1) if task == "multiclass" else y.float().reshape(-1, 1)


def batch_bounds(n, batch):
    """Index ranges of the batches; a last batch of one row joins the previous one (BatchNorm needs 2)."""
    bounds = [(start, min(start + batch, n)) for start in range(0, n, batch)]
    if len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] == 1:
        bounds[-2] = (bounds[-2][0], n)
        bounds.pop()
    return bounds


def make_optimizer(cfg, params):
    kwargs = {"lr": cfg["learning_rate"], "weight_decay": cfg["weight_decay"]}
    if cfg["optimizer"] == "rmsprop":
        return torch.optim.RMSprop(params, momentum=0.0, **kwargs)
    cls = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "sgd": torch.optim.SGD}[cfg["optimizer"]]
    if cfg["optimizer"] == "sgd":
        kwargs["momentum"] = cfg["momentum"]
    try:
        return cls(params, fused=True, **kwargs)
    except (RuntimeError, TypeError, ValueError):
        return cls(params, **kwargs)


def make_scheduler(cfg, optimizer, steps):
    """(scheduler or None, steps per batch?)."""
    sched = torch.optim.lr_scheduler
    if cfg["schedule"] == "step":
        return sched.StepLR(optimizer, step_size=cfg["step_size"], gamma=cfg["gamma"]), False
    if cfg["schedule"] == "cosine":
        return sched.CosineAnnealingLR(optimizer, T_max=max(1, cfg["epochs"])), False
    if cfg["schedule"] == "one_cycle":
        return sched.OneCycleLR(optimizer, max_lr=cfg["learning_rate"],
                                total_steps=max(1, cfg["epochs"] * steps)), True
    if cfg["schedule"] == "plateau":  # waits half the early-stopping patience, so the two do not race
        patience = max(2, cfg["patience"] // 2) if cfg["early_stopping"] else 2
        return sched.ReduceLROnPlateau(optimizer, factor=cfg["gamma"], patience=patience), False
    return None, False


def pick_device(name, distributed, local_rank):
    if distributed:
        return torch.device(f"cuda:{local_rank}") if torch.cuda.is_available() else torch.device("cpu")
    name = (name or "auto").lower()
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda:0")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    return torch.device(name)


def cpu_threads_for(batch_size, width):
    return 1 if batch_size * max(width, 64) < 256 * 256 else max(1, min(torch.get_num_threads(), 4))


def input_tensors(x, device):
    """One tensor per model input: floats as float32, token ids and pixels keep their integer type."""
    arrays = x if isinstance(x, tuple) else (x,)
    return tuple(torch.as_tensor(a if not np.issubdtype(a.dtype, np.floating) else a.astype(np.float32,
                                                                                         copy=False)).to(device)
                 for a in arrays)


def describe_inputs(xs):
    """The model's inputs in words: "29 features", "(51,) int64", "(1, 8, 8) uint8"."""
    if len(xs) == 1 and xs[0].dim() == 2 and xs[0].dtype == torch.float32:
        return f"{xs[0].shape[1]} inputs"
    return "inputs " + ", ".join(f"{tuple(t.shape[1:])} {str(t.dtype).replace('torch.', '')}" for t in xs)


def evaluate(model, task, loss_fn, xs, y, autocast, target_std):
    """(mean loss, metrics) on a whole part (one tensor per input), in chunks, without gradients."""
    model.eval()
    total, correct, n = 0.0, 0.0, xs[0].shape[0]
    with torch.no_grad():
        for start in range(0, n, VALIDATION_CHUNK):
            xb, yb = [x[start:start + VALIDATION_CHUNK] for x in xs], y[start:start + VALIDATION_CHUNK]
            with autocast:
                out = model(*xb)
            out = out.float()
            total += float(loss_fn(out, yb, reduction="sum"))
            if task == "binary":
                correct += float(((out > 0).float() == yb).sum())
            elif task == "multiclass":
                correct += float((out.argmax(dim=1) == yb).sum())
    loss = total / n if task == "multiclass" else total / (n * y.shape[1])
    if task == "regression":
        return loss, {"rmse": math.sqrt(loss) * target_std if math.isfinite(loss) else math.inf}
    return loss, {"accuracy": correct / n}


def r_squared(mean_squared_error, y, offset=None):
    """R² of a regression part from its mean squared error (standardised units): 1 - SSE / SST of the true
    values (a forecaster's true values are its changes plus the last known values, offset)."""
    truth = y.reshape(-1).double().cpu().numpy() + (0.0 if offset is None else np.asarray(offset, dtype=np.float64))
    total = float(((truth - truth.mean()) ** 2).sum())
    return 1.0 - mean_squared_error * len(truth) / total if total > 0 else math.nan


def main():
    args, config, cfg = parse_args()
    world = int(os.environ.get("WORLD_SIZE", "1"))
    distributed = world > 1
    rank, local_rank = int(os.environ.get("RANK", "0")), int(os.environ.get("LOCAL_RANK", "0"))
    device = pick_device(cfg["device"], distributed, local_rank)
    if distributed:
        import torch.distributed as dist

        if device.type == "cuda":
            torch.cuda.set_device(device)
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    say = print if rank == 0 else (lambda *a, **k: None)

    pre = Preprocessor.load(HERE / "preprocessor.json")
    frame = read_table(args.csv)
    if args.max_rows:
        frame = frame.iloc[:args.max_rows]
    data = prepare(frame, pre, config["split"], base_dir=Path(args.csv).resolve().parent)
    task = pre.task

    torch.manual_seed(cfg["seed"])  # the same seed, right before the model is built, as in LayerLab
    model = Model()
    weights = class_weight_values(cfg.get("class_weights", "none"), task, pre.classes or [], data["y_train"])
    loss_fn = loss_function(task, None if weights is None else torch.tensor(weights, device=device))
    x = input_tensors(data["x_train"], device)
    y = target_tensor(task, data["y_train"]).to(device)
    has_val = len(data["y_val"]) > 0
    xv = input_tensors(data["x_val"], device) if has_val else None
    yv = target_tensor(task, data["y_val"]).to(device) if has_val else None
    n_all = x[0].shape[0]
    n = n_all // world  # rows per rank and epoch (every rank takes the same number of steps)
    if n < 1:
        raise SystemExit(f"{n_all} training rows cannot be shared by {world} processes; use fewer processes.")
    batch = min(cfg["batch_size"], n)
    bounds = batch_bounds(n, batch)
    model.to(device)
    raw_model = model
    if distributed:
        model = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local_rank] if device.type == "cuda"
                                                          else None)
    optimizer = make_optimizer(cfg, list(model.parameters()))
    scheduler, per_batch = make_scheduler(cfg, optimizer, len(bounds))
    generator = torch.Generator(device=device)
    generator.manual_seed(cfg["seed"])  # same permutation on every rank; each takes its own shard
    if device.type == "cpu":
        torch.set_num_threads(cpu_threads_for(batch, sum(t[0].numel() for t in x)))
    autocast = nullcontext()
    if device.type == "cuda" and cfg.get("precision", "off") in ("bf16", "fp16"):
        autocast = torch.autocast("cuda", dtype=torch.bfloat16 if cfg["precision"] == "bf16" else torch.float16)
    scaler = torch.amp.GradScaler("cuda") if (cfg.get("precision") == "fp16" and device.type == "cuda") else None
    target_std = pre.target_std if task == "regression" else 1.0
    say(f"{len(frame)} rows -> train {n_all} / val {len(data['y_val'])} / test {len(data['y_test'])}; "
        f"{describe_inputs(x)}; device {device}; {world} process(es)")

    history, best_val, best_state, best_epoch, wait = [], math.inf, None, None, 0
    last_good = {k: v.detach().clone() for k, v in raw_model.state_dict().items()}
    for epoch in range(1, cfg["epochs"] + 1):
        started = time.perf_counter()
        model.train()
        perm = torch.randperm(n_all, generator=generator, device=device)
        shard = perm[rank:n * world:world] if distributed else perm
        epoch_sum = torch.zeros((), dtype=torch.float64, device=device) if distributed else 0.0
        diverged = False
        for start, stop in bounds:
            idx = shard[start:stop]
            with autocast:
                loss = loss_fn(model(*(t.index_select(0, idx) for t in x)), y.index_select(0, idx))
            optimizer.zero_grad(set_to_none=True)
            if scaler is not None:
                scaler.scale(loss).backward()
                scaler.step(optimizer)
                scaler.update()
            else:
                loss.backward()
                optimizer.step()
            if per_batch:
                scheduler.step()
            if distributed:
                epoch_sum += loss.detach().double() * idx.shape[0]
            else:
                value = loss.item()
                if not math.isfinite(value):
                    diverged = True
                    break
                epoch_sum += value * idx.shape[0]
        if distributed:
            dist.all_reduce(epoch_sum)
            train_loss = float(epoch_sum) / (n * world)
        else:
            train_loss = epoch_sum / n
        diverged = diverged or not math.isfinite(train_loss)
        val_loss, metrics = (evaluate(raw_model, task, loss_fn, xv, yv, autocast, target_std) if has_val
                             else (train_loss, {}))
        if diverged or not math.isfinite(val_loss):
            raw_model.load_state_dict(last_good)
            say(f"The loss became infinite or NaN in epoch {epoch}; lower the learning rate. "
                "Keeping the weights from the last good epoch.")
            break
        if scheduler is not None and not per_batch:
            scheduler.step(val_loss) if cfg["schedule"] == "plateau" else scheduler.step()
        row = {"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss,
               **{f"val_{k}": v for k, v in metrics.items()}, "lr": optimizer.param_groups[0]["lr"],
               "seconds": time.perf_counter() - started}
        history.append(row)
        say(f"epoch {epoch}/{cfg['epochs']}  train loss {train_loss:.6f}  val loss {val_loss:.6f}  "
            + "  ".join(f"{k} {v:.4f}" for k, v in metrics.items()))
        if val_loss < best_val - cfg["min_delta"]:
            best_val, best_epoch, wait = val_loss, epoch, 0
            if cfg["restore_best"]:
                best_state = {k: v.detach().clone() for k, v in raw_model.state_dict().items()}
        else:
            wait += 1
        last_good = {k: v.detach().clone() for k, v in raw_model.state_dict().items()}
        if cfg.get("loss_threshold") is not None and val_loss < cfg["loss_threshold"]:
            say(f"Validation loss fell below {cfg['loss_threshold']:g}; stopping.")
            break
        if cfg["early_stopping"] and wait >= cfg["patience"]:
            say(f"Early-stopped at epoch {epoch}; best epoch {best_epoch}.")
            break
    if cfg["restore_best"] and best_state is not None:
        raw_model.load_state_dict(best_state)

    if rank == 0:
        if len(data["y_test"]):
            xt = input_tensors(data["x_test"], device)
            yt = target_tensor(task, data["y_test"]).to(device)
            test_loss, test_metrics = evaluate(raw_model, task, loss_fn, xt, yt, autocast, target_std)
            if task == "regression":
                test_metrics["r2"] = r_squared(test_loss, yt, data.get("offset_test"))
            say(f"test loss {test_loss:.6f}  " + "  ".join(f"{k} {v:.4f}" for k, v in test_metrics.items()))
        state = {k: v.detach().cpu().contiguous() for k, v in raw_model.state_dict().items()}
        save_file(state, args.out, metadata={"format": "layerlab.project.weights", "epochs": str(len(history))})
        with open(args.metrics, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(history[0]) if history else ["epoch"])
            writer.writeheader()
            writer.writerows(history)
        say(f"Saved the weights to {args.out} and the per-epoch losses to {args.metrics}")
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
'''
