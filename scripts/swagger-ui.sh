#!/usr/bin/env bash
# Installs Swagger UI's static files, npm's swagger-ui-dist at a pinned version, into a folder the
# service serves under /swagger/ (http.swagger_ui_dir): the package's page, scripts, styles and
# icons, with api/swagger-initializer.js in place of its demo start-up. Nothing is fetched from a
# CDN at run time; the browser gets every file from the service.
#
#   scripts/swagger-ui.sh [DEST]     default: .local/swagger-ui (git-ignored)
#
# Idempotent: nothing is done while DEST holds this version with this initializer. `make deps`
# runs it; the Dockerfile runs it in a stage of its own.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=5.35.0
# The registry's integrity of swagger-ui-dist-$VERSION.tgz: a republished tarball is refused.
INTEGRITY='sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ=='
FILES=(index.html index.css swagger-ui.css swagger-ui-bundle.js swagger-ui-standalone-preset.js
  favicon-16x16.png favicon-32x32.png oauth2-redirect.html oauth2-redirect.js LICENSE NOTICE)
DEST="${1:-$REPO/.local/swagger-ui}"
INITIALIZER="$REPO/api/swagger-initializer.js"

die() { printf 'swagger-ui: ERROR: %s\n' "$*" >&2; exit 1; }

want="swagger-ui-dist@$VERSION $(sha256sum <"$INITIALIZER" | cut -d' ' -f1)"
# The stamp is a dot file, which the service never serves.
[ "$(cat "$DEST/.installed" 2>/dev/null)" = "$want" ] && exit 0

command -v npm >/dev/null || die "npm not found; run scripts/deps.sh"
echo "swagger-ui: installing swagger-ui-dist@$VERSION from npm into $DEST"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
packed=$(cd "$work" && npm pack --json --silent "swagger-ui-dist@$VERSION") || die "npm pack swagger-ui-dist@$VERSION failed"
got=$(node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s)[0].integrity))' <<<"$packed")
[ "$got" = "$INTEGRITY" ] || die "swagger-ui-dist@$VERSION has integrity $got, expected $INTEGRITY"
tar -xzf "$work/swagger-ui-dist-$VERSION.tgz" -C "$work"

rm -rf "$DEST.tmp"
mkdir -p "$DEST.tmp"
for f in "${FILES[@]}"; do
  cp "$work/package/$f" "$DEST.tmp/" || die "swagger-ui-dist@$VERSION has no $f"
done
cp "$INITIALIZER" "$DEST.tmp/swagger-initializer.js"
echo "$want" >"$DEST.tmp/.installed"
rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
echo "swagger-ui: done"
