"""A sweep's worker fits the linear baseline once for all its trials (the space never changes the data), and every
trial's record still carries it, as a normal run's does."""

import optuna

import engine.runs.pipeline
from engine.sweeps.trial_run import record_path_for, run_trial


def test_a_workers_trials_share_one_baseline_fit_per_seed(make_job, monkeypatch):
    fits = []
    real_fit = engine.runs.pipeline.fit_baseline

    def counted_fit(*args, **kwargs):
        fits.append(kwargs["seed"])
        return real_fit(*args, **kwargs)

    monkeypatch.setattr(engine.runs.pipeline, "fit_baseline", counted_fit)
    job = make_job(epochs=2)
    prepared = {}
    trials = [optuna.trial.FixedTrial({"learning_rate": lr}, number=n) for n, lr in enumerate((0.01, 0.02, 0.03))]
    for trial in trials:
        run_trial(trial, job, prepared)
    assert fits == [job.config.seed]
    records = [record_path_for(trial.user_attrs["bundle"]).read_text() for trial in trials]
    assert all('"logistic regression"' in record for record in records)

    other_seed = make_job(epochs=2, config=job.config.__class__.from_dict({**job.config.to_dict(), "seed": 11}))
    run_trial(optuna.trial.FixedTrial({"learning_rate": 0.01}, number=3), other_seed, prepared)
    assert fits == [job.config.seed, 11]  # the baseline's sampling follows the seed: fitted again for another
