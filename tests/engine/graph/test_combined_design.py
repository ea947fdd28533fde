"""A starting design with one branch per model input: a text column beside table columns, pixels beside a table."""

import numpy as np
import pandas as pd

from engine.data import infer_schema
from engine.graph import validate
from engine.io.project import COMBINED_DESIGN, design_for, input_branches, new_project_for_data
from engine.runs.pipeline import RunPipeline
from engine.training import TrainConfig


def _reviews(n=160):
    rng = np.random.default_rng(0)
    words = np.array(["good", "bad", "film", "plot", "fun", "dull", "actor", "scene"])
    texts = [" ".join(rng.choice(words, rng.integers(3, 12))) for _ in range(n)]
    price = rng.normal(10, 3, n).round(2)
    label = ["pos" if ("good" in t) != (p > 12) else "neg" for t, p in zip(texts, price)]  # needs both inputs
    return pd.DataFrame({"review": texts, "price": price, "label": label})


def test_text_beside_a_table_gets_a_branch_each_joined_before_the_head():
    frame = _reviews()
    schema = infer_schema(frame, target="label")
    assert input_branches(schema, len(frame)) == [("table", "tutorial-mlp"), ("review", "text_light")]
    spec = design_for(schema, len(frame))
    assert spec.name == COMBINED_DESIGN
    sources = sorted(n.params["source"] for n in spec.input_nodes())
    assert sources == ["review", "table"]
    merge = next(n for n in spec.nodes if n.type == "Concatenate")
    assert len(spec.inputs_of(merge.id)) == 2
    assert [n.type for n in spec.nodes].count("Output") == 1
    assert len({n.id for n in spec.nodes}) == len(spec.nodes)
    assert len({n.position for n in spec.input_nodes()}) == 2  # side by side, not on top of each other


def test_the_combined_design_trains_and_reads_every_column():
    frame = _reviews()
    schema = infer_schema(frame, target="label")
    project = new_project_for_data(len(frame), schema)
    pipeline = RunPipeline(frame, schema, project.spec, TrainConfig(epochs=2, batch_size=32), project.split)
    prepared = pipeline.prepare()
    assert [s.name for s in prepared.sources] == ["table", "review"]
    model, context = pipeline.build()
    assert validate(project.spec, context) == []
    assert {s.name for s in context.sources} == {n.params["source"] for n in project.spec.input_nodes()}
    assert 0.0 <= pipeline.run().test_metrics["accuracy"] <= 1.0


def test_one_input_keeps_its_template():
    text_only = _reviews().drop(columns="price")
    assert design_for(infer_schema(text_only, target="label"), 160).name == "Text classifier (light)"
    table_only = _reviews().drop(columns="review")
    assert [n.type for n in design_for(infer_schema(table_only, target="label"), 160).nodes].count("Input") == 1
