#!/bin/sh
# Release gate (manual, needs root and a Debian mirror; not CI): install the .deb into a
# bare Debian minbase system made with debootstrap, let apt resolve Depends, and check that
# no bundled library lacks a system library, that the CLI works, and that the GUI starts on
# a real X11 (xcb) display under Xvfb. What an officer's clean workstation would do.
#
#     sudo sh installer/linux/bare_system_check.sh dist/bjstc-desktop_0.1.0_amd64.deb [bookworm] [/tmp/bare]
set -eu
DEB=$(readlink -f "$1"); SUITE=${2:-bookworm}; ROOT=${3:-/tmp/bjstc-bare-$SUITE}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
[ -d "$ROOT/usr" ] || debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
cp "$DEB" "$ROOT/tmp/bjstc.deb"
mount -t proc proc "$ROOT/proc"
trap 'umount "$ROOT/proc" 2>/dev/null || true' EXIT
chroot "$ROOT" /bin/sh -eu -c '
export DEBIAN_FRONTEND=noninteractive HOME=/tmp/bjstc-check-home LANG=C.UTF-8
rm -rf "$HOME"; mkdir -p "$HOME"
apt-get update -qq
apt-get install -y -qq --no-install-recommends /tmp/bjstc.deb xvfb xauth >/dev/null
echo "== system libraries missing for the bundle (expect none):"
cd /opt/bjstc-desktop/_internal
missing=$(find . -name "*.so*" -type f -exec sh -c "LD_LIBRARY_PATH=/opt/bjstc-desktop/_internal ldd \"\$1\" 2>/dev/null | grep \"not found\" | sed \"s|^|\$1: |\"" _ {} \; | sort -u)
[ -z "$missing" ] || { echo "$missing"; exit 1; }
export BJSTC_PASSPHRASE="bare-system-check-2026" BJSTC_NEW_PASSPHRASE="bare-system-check-2026"
bjstc init --workstation bare --admin admin >/dev/null
bjstc --user admin user add zhang --role officer --clearance 秘密 --modules market >/dev/null
bjstc --user zhang demo --cases 5
QT_QPA_PLATFORM=offscreen bjstc-desktop --user zhang --screenshot /tmp/offscreen.png
Xvfb :57 -screen 0 1366x768x24 >/dev/null 2>&1 & XP=$!
sleep 2
set +e
DISPLAY=:57 QT_QPA_PLATFORM=xcb timeout 10 bjstc-desktop --user zhang; rc=$?
kill $XP
[ $rc -eq 124 ] || { echo "the GUI did not stay up on X11 (exit $rc)"; tail -20 "$HOME/.local/share/bjstc-desktop/logs/bjstc.log"; exit 1; }
echo "== OK: installed, libraries complete, CLI works, GUI starts on X11"
'
