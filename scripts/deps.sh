#!/bin/sh
# deps.sh — install what Vigil needs to build and test, from Debian 12's packages.
# Installs only what is missing; uses sudo when not root. Safe to run again.
set -eu
PKGS="build-essential cmake pkg-config clang libclang-rt-14-dev
      libjansson-dev libyaml-dev libproj-dev
      libuv1-dev libpcap-dev libsqlite3-dev sqlite3 libwebsockets-dev
      nanopb libnanopb-dev protobuf-compiler libjs-leaflet
      tshark dump1090-mutability chromium nodejs libxml2-utils"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
# npm, for the browser test's one package (tests/ui): NodeSource's nodejs bundles it,
# Debian's does not.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
echo "deps.sh: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
