#!/usr/bin/env bash
# Finish LayerLab.app (Info.plist with document types, icon, ad-hoc signature) and wrap it in a .dmg.
#
#   bash packaging/macos/build_dmg.sh dist/LayerLab.app 0.1.0 dist/LayerLab-0.1.0.dmg
#
# packaging/build.py runs it on macOS after PyInstaller made dist/LayerLab.app. Needs only tools that come
# with macOS: iconutil, plutil, codesign, hdiutil. It cannot run on Linux (no hdiutil); CI's macos-latest
# job runs it. The signature is ad hoc ("-"): the app runs on the machine that downloads it after the user
# allows it once (right-click > Open). Signing with a Developer ID and notarising needs Apple credentials:
# set CODESIGN_IDENTITY to sign with one (notarisation: xcrun notarytool submit OUT --wait, then
# xcrun stapler staple OUT).
set -euo pipefail

APP=${1:?usage: build_dmg.sh PATH/LayerLab.app VERSION OUT.dmg}
VERSION=${2:?version missing}
OUT=${3:?output .dmg path missing}
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ICONS="$ROOT/resources/icons"
IDENTITY=${CODESIGN_IDENTITY:--}

[ -d "$APP/Contents/MacOS" ] || { echo "build_dmg: $APP is not an .app bundle" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# 1. Icon: resources/icons/layerlab-<size>.png -> layerlab.icns (iconutil wants these exact names).
ICONSET="$WORK/layerlab.iconset"
mkdir -p "$ICONSET"
for pair in 16:icon_16x16 32:icon_16x16@2x 32:icon_32x32 64:icon_32x32@2x 128:icon_128x128 \
            256:icon_128x128@2x 256:icon_256x256 512:icon_256x256@2x 512:icon_512x512; do
  size=${pair%%:*}; name=${pair#*:}
  [ -f "$ICONS/layerlab-$size.png" ] && cp "$ICONS/layerlab-$size.png" "$ICONSET/$name.png"
done
iconutil -c icns "$ICONSET" -o "$APP/Contents/Resources/layerlab.icns"

# 2. Info.plist: ours (document types for .layerlab and CSV), with the version filled in.
sed "s/@VERSION@/$VERSION/g" "$HERE/Info.plist" > "$APP/Contents/Info.plist"
plutil -lint "$APP/Contents/Info.plist"

# 3. Re-sign: editing Info.plist broke the seal PyInstaller made; an unsigned arm64 app does not start.
codesign --force --deep --timestamp=none --sign "$IDENTITY" "$APP"
codesign --verify --deep --strict "$APP"

# 4. The .dmg: the app beside a link to /Applications, so installing is one drag.
STAGE="$WORK/dmg"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$OUT"
hdiutil create -volname "LayerLab $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -imagekey zlib-level=9 \
  -ov "$OUT"
hdiutil verify "$OUT"
echo "build_dmg: wrote $OUT"
