#!/usr/bin/env bash
# Re-vendor the front-end assets the templates load, so `make demo` and CI need no npm.
#
# Fetches pinned npm packages with `npm pack` (the tarball only: no node_modules, no install
# scripts), checks each tarball against its pinned sha512 integrity, and copies the built files
# with their licence and a VERSION file into src/jichitai/static/vendor/. The result is committed.
#
# To upgrade: change a version below, set its integrity from `npm view NAME@VERSION dist.integrity`,
# run this script, look at the diff, run the page tests (`pytest -m browser`).
set -euo pipefail

DESIGN_TOKENS_VERSION="1.1.9"
DESIGN_TOKENS_INTEGRITY="sha512-93zW/Gb4/pwb63W7r8RHWQdbLGap4heHt5unQQjaqP1OlPqRif146tvqtyJ2xPcot3pnndFY3ph1DC0Crwp6bg=="
HTMX_VERSION="2.0.11"
HTMX_INTEGRITY="sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/src/jichitai/static/vendor"

command -v npm >/dev/null || { echo "vendor-assets: npm is needed to re-vendor (apt-get install npm)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# fetch SPEC INTEGRITY -> prints the unpacked package directory
fetch() {
    local spec="$1" integrity="$2" tarball actual
    tarball="$(cd "$WORK" && npm pack --silent --ignore-scripts "$spec" | tail -n 1)"
    actual="sha512-$(openssl dgst -sha512 -binary "$WORK/$tarball" | base64 -w0)"
    if [[ "$actual" != "$integrity" ]]; then
        echo "vendor-assets: integrity mismatch for $spec" >&2
        echo "  expected $integrity" >&2
        echo "  got      $actual" >&2
        exit 1
    fi
    mkdir -p "$WORK/${tarball%.tgz}"
    tar -xzf "$WORK/$tarball" -C "$WORK/${tarball%.tgz}"
    echo "$WORK/${tarball%.tgz}/package"
}

# デジタル庁デザインシステム design tokens (MIT). dist/tokens.css is the full set of CSS custom
# properties (colours, font sizes, line heights, radius, elevation); tokens-simple.css is a subset
# without the size scales, so we take tokens.css.
pkg="$(fetch "@digital-go-jp/design-tokens@$DESIGN_TOKENS_VERSION" "$DESIGN_TOKENS_INTEGRITY")"
dest="$VENDOR/digital-go-design-tokens"
rm -rf "$dest" && mkdir -p "$dest"
cp "$pkg/dist/tokens.css" "$dest/tokens.css"
cp "$pkg/LICENSE" "$dest/LICENSE"
printf '@digital-go-jp/design-tokens %s\n%s\n' "$DESIGN_TOKENS_VERSION" "$DESIGN_TOKENS_INTEGRITY" >"$dest/VERSION"

# htmx 2.x (0BSD).
pkg="$(fetch "htmx.org@$HTMX_VERSION" "$HTMX_INTEGRITY")"
dest="$VENDOR/htmx"
rm -rf "$dest" && mkdir -p "$dest"
cp "$pkg/dist/htmx.min.js" "$dest/htmx.min.js"
cp "$pkg/LICENSE" "$dest/LICENSE"
printf 'htmx.org %s\n%s\n' "$HTMX_VERSION" "$HTMX_INTEGRITY" >"$dest/VERSION"

echo "vendor-assets: design-tokens $DESIGN_TOKENS_VERSION, htmx $HTMX_VERSION -> ${VENDOR#"$ROOT"/}"
