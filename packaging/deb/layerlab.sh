#!/bin/sh
# /usr/bin/layerlab: the bundled app lives in /opt/layerlab (a one-folder PyInstaller build).
exec /opt/layerlab/layerlab "$@"
