"""Keras sources built to break the importer (#17, "also found"): one message each, in bounded time."""

import time

import pytest

from engine.importers.keras import KerasImportError, import_keras_source

HEAD = "from keras import Sequential\nfrom keras.layers import Dense\nmodel = Sequential()\n"
TAIL = "model.add(Dense(1, activation='sigmoid'))\nmodel.compile(optimizer='adam', loss='binary_crossentropy')\n"


@pytest.mark.parametrize("expression", ["1" + " + 1" * 100_000, "-" * 100_000 + "1"])
def test_an_absurdly_nested_expression_is_one_message(expression):
    source = HEAD + f"x = {expression}\nmodel.add(Dense(64, activation='relu'))\n" + TAIL
    with pytest.raises(KerasImportError, match="nested too deeply|must be|plain value"):
        import_keras_source(source)


@pytest.mark.parametrize("fit, fragment", [("epochs=1e400", "epochs must be a finite number"),
                                           ("batch_size=None", "batch_size must be a finite number"),
                                           ("epochs=2.5", "epochs must be a whole number"),
                                           ("epochs=True", "epochs must be a finite number")])
def test_fit_values_that_are_no_whole_number_are_refused_with_the_line(fit, fragment):
    source = HEAD + "model.add(Dense(64, activation='relu'))\n" + TAIL + f"model.fit(x, y, {fit})\n"
    with pytest.raises(KerasImportError, match=fragment) as caught:
        import_keras_source(source)
    assert "line 7" in str(caught.value)


def test_a_dropout_rate_of_none_is_refused():
    source = HEAD + "from keras.layers import Dropout\nmodel.add(Dense(8))\nmodel.add(Dropout(None))\n" + TAIL
    with pytest.raises(KerasImportError, match="rate must be a finite number"):
        import_keras_source(source)


def test_ten_thousand_layers_import_in_bounded_time_and_more_are_refused():
    body = "model.add(Dense(4, activation='relu'))\n" * 9_990
    started = time.perf_counter()
    result = import_keras_source(HEAD + body + TAIL)
    assert len(result.spec.nodes) == 9_992 and time.perf_counter() - started < 15
    assert [n.id for n in result.spec.nodes[:3]] == ["input_1", "dense_1", "dense_2"]
    with pytest.raises(KerasImportError, match="more than 9,998 layers"):
        import_keras_source(HEAD + "model.add(Dense(4, activation='relu'))\n" * 10_000 + TAIL)
