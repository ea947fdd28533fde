"""Generate resources/examples/churn.csv: a synthetic telecom customer-churn table.

Seeded and numpy-only, so the file is reproducible: ``python make_churn.py [out.csv]``.

Churn comes from a deliberately NON-linear rule plus noise, so a small neural network
clearly beats a logistic regression on it:
  * tenure is U-shaped: brand-new customers and very long-standing ones (who shop around
    when their old deal ends) leave more often than those in between;
  * fibre + month-to-month + high monthly charges together raise churn sharply, while
    each of them alone matters little;
  * many support calls only matter for customers not bound by a two-year contract;
  * one product or three-plus products churn more than exactly two (a U-shape again);
  * seniors paying by electronic check churn more (an interaction).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

N_ROWS = 7000
SEED = 20240611
TARGET_RATE = 0.23


def generate(n: int = N_ROWS, seed: int = SEED) -> dict[str, np.ndarray]:
    """Return the columns of the churn table as numpy arrays (missing = nan / '')."""
    rng = np.random.default_rng(seed)
    gender = rng.choice(["Female", "Male"], n)
    senior = (rng.random(n) < 0.16).astype(int)
    partner = np.where(rng.random(n) < 0.48, "Yes", "No")
    contract = rng.choice(["Month-to-month", "One year", "Two year"], n, p=[0.55, 0.21, 0.24])
    long_contract = contract != "Month-to-month"
    tenure = np.where(long_contract, rng.integers(1, 73, n), rng.integers(0, 73, n))
    tenure = np.where(rng.random(n) < 0.25, rng.integers(0, 8, n), tenure)  # many newcomers
    internet = rng.choice(["DSL", "Fiber optic", "No"], n, p=[0.34, 0.44, 0.22])
    base = np.select([internet == "No", internet == "DSL"], [20.0, 45.0], 70.0)
    spread = np.select([internet == "No", internet == "DSL"], [6.0, 25.0], 45.0)
    monthly = np.round(base + spread * rng.random(n), 2)
    payment = rng.choice(["Electronic check", "Mailed check", "Bank transfer (automatic)",
                          "Credit card (automatic)"], n, p=[0.34, 0.23, 0.22, 0.21])
    support_calls = rng.poisson(np.where(internet == "Fiber optic", 2.2, 1.2))
    num_products = rng.choice([1, 2, 3, 4], n, p=[0.45, 0.40, 0.11, 0.04])
    total = np.round(tenure * monthly * rng.uniform(0.95, 1.05, n), 2)
    total = np.where(tenure == 0, np.nan, total)  # new customers have no bill yet

    month_to_month = contract == "Month-to-month"
    logit = (
        2.6 * (tenure < 6) + 1.2 * ((tenure >= 6) & (tenure < 12)) + 1.7 * (tenure > 60)
        + 3.6 * ((internet == "Fiber optic") & month_to_month & (monthly > 90))
        + 2.4 * ((support_calls >= 4) & (contract != "Two year"))
        + 1.5 * (num_products == 1) + 2.8 * (num_products >= 3)
        + 2.2 * ((senior == 1) & (payment == "Electronic check"))
        - 1.8 * (contract == "Two year") * (tenure <= 60)
        + 0.4 * (partner == "No")
    )
    logit = 2.0 * (logit - np.quantile(logit, 1 - TARGET_RATE))
    churn = rng.random(n) < 1 / (1 + np.exp(-logit))
    ids = np.array([f"C{100000 + i:06d}" for i in rng.permutation(n)])
    return {
        "customer_id": ids, "gender": gender, "senior_citizen": senior, "partner": partner,
        "tenure_months": tenure, "contract": contract, "internet_service": internet,
        "payment_method": payment, "monthly_charges": monthly, "total_charges": total,
        "support_calls": support_calls, "num_products": num_products,
        "churn": np.where(churn, "Yes", "No"),
    }


def write(path: Path, columns: dict[str, np.ndarray]) -> None:
    """Write columns as a UTF-8 CSV (missing numbers as empty fields)."""
    names = list(columns)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(names)
        for row in zip(*(columns[c] for c in names)):
            writer.writerow(["" if isinstance(v, float) and np.isnan(v) else
                             (f"{v:.2f}" if isinstance(v, (float, np.floating)) else v)
                             for v in row])


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("churn.csv")
    write(out, generate())
    print(f"wrote {out}")
