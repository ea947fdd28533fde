"""`layerlab` sub-commands (headless; no Qt): main.py parses, one module per sub-command, terminal.py
for what they share. gui.launcher calls engine.cli.main.main when a sub-command is given."""
