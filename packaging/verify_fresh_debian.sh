#!/usr/bin/env bash
# Prove the .deb installs and runs on a bare Debian 12: debootstrap a minimal chroot, `apt install ./layerlab.deb`
# there (apt must find every dependency by itself), run the smoke test offscreen and under Xvfb, purge, and
# check nothing is left. Not part of the default CI run (downloads ~100 MB of Debian packages, minutes).
#
#   sudo bash packaging/verify_fresh_debian.sh dist/layerlab_0.1.0_amd64.deb
#
# Environment: SUITE (bookworm), MIRROR (http://deb.debian.org/debian), VARIANT (minbase),
#              CHROOT (a temporary folder; removed at the end unless KEEP_CHROOT=1).
# Needs: root, debootstrap (apt-get install debootstrap), the Debian mirror.
set -euo pipefail

DEB=${1:?usage: verify_fresh_debian.sh PATH/layerlab_VERSION_ARCH.deb}
DEB=$(readlink -f "$DEB")
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
VARIANT=${VARIANT:-minbase}
CHROOT=${CHROOT:-$(mktemp -d /tmp/layerlab-debian-XXXXXX)}
LOGS=$(mktemp -d /tmp/layerlab-debian-logs-XXXXXX)

[ "$(id -u)" = 0 ] || { echo "verify_fresh_debian: run as root (debootstrap, chroot)" >&2; exit 2; }
[ -f "$DEB" ] || { echo "verify_fresh_debian: no such file: $DEB" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "verify_fresh_debian: apt-get install debootstrap" >&2; exit 2; }

mounted=()
cleanup() {
  for ((i=${#mounted[@]}-1; i>=0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  if [ "${KEEP_CHROOT:-0}" != 1 ]; then rm -rf --one-file-system "$CHROOT"; fi
  if [ "$ok" = 1 ]; then rm -rf "$LOGS"; else echo "verify_fresh_debian: FAILED; logs in $LOGS" >&2; fi
}
ok=0
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$(now) - $1:.1f}')" 2>/dev/null || echo "?"; }
step() { echo; echo "== $* =="; }

t0=$(now)
step "debootstrap $SUITE ($VARIANT) into $CHROOT"
t=$(now)
debootstrap --variant="$VARIANT" "$SUITE" "$CHROOT" "$MIRROR" >"$LOGS/debootstrap.log" 2>&1 \
  || { tail -30 "$LOGS/debootstrap.log"; exit 1; }
t_debootstrap=$(elapsed "$t")
echo "debootstrap: ${t_debootstrap} s"

for fs in proc sys dev dev/pts; do
  mkdir -p "$CHROOT/$fs"
  case $fs in
    proc) mount -t proc proc "$CHROOT/proc" ;;
    sys) mount -t sysfs sys "$CHROOT/sys" ;;
    dev) mount --bind /dev "$CHROOT/dev" ;;
    dev/pts) mount -t devpts devpts "$CHROOT/dev/pts" ;;
  esac
  mounted+=("$CHROOT/$fs")
done
mkdir -p "$CHROOT/dev/shm" && mount -t tmpfs shm "$CHROOT/dev/shm" && mounted+=("$CHROOT/dev/shm")
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
cp "$DEB" "$CHROOT/tmp/"
NAME=$(basename "$DEB")
in_chroot() { chroot "$CHROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

step "apt install ./$NAME"
t=$(now)
in_chroot apt-get update -qq
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "/tmp/$NAME" >"$LOGS/install.log" 2>&1 \
  || { tail -40 "$LOGS/install.log"; exit 1; }
t_install=$(elapsed "$t")
echo "install: ${t_install} s ($(in_chroot dpkg-query -W -f='${Installed-Size}' layerlab) KiB)"
in_chroot test -x /usr/bin/layerlab
in_chroot grep -q 'application/x-layerlab-project:\*.layerlab' /usr/share/mime/globs2 \
  && echo "MIME database: *.layerlab -> application/x-layerlab-project"

step "layerlab --smoke-test (offscreen)"
t=$(now)
in_chroot env QT_QPA_PLATFORM=offscreen HOME=/tmp /usr/bin/layerlab --smoke-test
t_smoke=$(elapsed "$t")
echo "smoke test: ${t_smoke} s"
in_chroot env HOME=/tmp /usr/bin/layerlab --build-info | tr -d '\n' | sed 's/  */ /g'; echo

step "layerlab-gui --smoke-test under Xvfb (the X11 path)"
t=$(now)
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
in_chroot env HOME=/tmp xvfb-run -a -s "-screen 0 1280x800x24" /usr/bin/layerlab-gui --smoke-test
t_xvfb=$(elapsed "$t")
echo "smoke test under Xvfb (incl. installing xvfb): ${t_xvfb} s"

step "apt purge layerlab"
t=$(now)
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq layerlab >/dev/null
t_purge=$(elapsed "$t")
leftover=$(in_chroot sh -c 'ls -d /opt/layerlab /usr/bin/layerlab /usr/share/applications/layerlab.desktop \
  /usr/share/mime/packages/layerlab.xml 2>/dev/null' || true)
[ -z "$leftover" ] || { echo "purge left: $leftover" >&2; exit 1; }
echo "purge: ${t_purge} s, nothing left under /opt/layerlab"

ok=1
echo
echo "verify_fresh_debian: OK on $SUITE ($VARIANT): debootstrap ${t_debootstrap} s, install ${t_install} s," \
     "smoke ${t_smoke} s, xvfb smoke ${t_xvfb} s, purge ${t_purge} s, total $(elapsed "$t0") s"
