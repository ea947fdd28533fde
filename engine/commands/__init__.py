"""One module per `layerlab` sub-command: add_parser(sub, common) and a handler."""
