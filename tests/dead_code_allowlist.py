"""Names vulture reports as unused that are used, by Qt, torch, a callback protocol or a test.

CI runs `vulture engine gui tests/dead_code_allowlist.py --min-confidence 60`; anything else it reports
is dead code: delete it, or add it here with the reason it is needed.
"""
# ruff: noqa
# Qt calls these overrides by name.
_.closeEvent, _.createEditor, _.setEditorData, _.setModelData, _.drawBackground, _.highlightBlock
_.mimeTypes, _.textFromValue, _.valueFromText, _.mergeWith, _.paint
# Slot and signal-handler parameters Qt passes in.
clean, signum
# torch calls these (nn.Module.forward; the optimizer flag silences its "step before lr_scheduler" warning).
_.forward, _._opt_called
# The engine's Callback hooks: the Trainer calls them on every callback.
_.on_run_start, _.on_batch_end, _.on_epoch_end, _.on_run_end
# Module __getattr__ (PEP 562): loads torch-backed names lazily.
__getattr__
# ONNX model metadata, read by tools that open the file.
_.producer_name, _.producer_version
# References kept so Qt/pyqtgraph objects stay alive (signal proxies, the dialog being shown, the stop form).
_._proxies, _.last_dialog, _._stop_form, _.chance
# Read by tests: small accessors that let a test ask a widget or object what a person would see.
_.end_reason, _.has_model, _.gradients, _.is_paused, _.current_log_file, _.reported, _.recovery_file
_.running_loads, _.is_loading, _.prompt_text, _.cell_text, _.last_prediction, _.has_problem, _.type_names
_.set_param, _.edge_items, _.data_items, _.displayed_positions, _.process_pid, _.is_elided
temp_folders
# Layer modules built by name (engine.layers.rules.layer_module) and pasted into exported model.py files.
ImageInput, ChannelsLast, GlobalPool, Reshape, MaskedMeanPool, PositionalEmbedding, TransformerBlock, Recurrent
# ModelSpec.input_nodes: the multi-input contract's API (#13), read by the pipeline's templates and by tests.
_.input_nodes
# Hugging Face tokenizers reads these attributes of the Tokenizer it is given (engine/preprocess/text_encoder.py).
_.normalizer, _.pre_tokenizer
# RunStarted.streamed_mb: read by the Training page from the event's dict (info.get("streamed_mb"), progress.py).
_.streamed_mb
