#!/usr/bin/env bash
# openapi-spec-validator from PyPI, pinned, in a virtual environment of its own under .local
# (git-ignored); with a file argument, validates that file as OpenAPI 3 (ctest openapi_spec_valid).
#
#   scripts/openapi-validator.sh               install only (`make deps` runs this)
#   scripts/openapi-validator.sh api/openapi.yaml
#
# Idempotent: the environment is made again only when the pinned version changes.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=0.8.5
VENV="$REPO/.local/venv/openapi"
WANT="openapi-spec-validator==$VERSION"

die() { printf 'openapi-validator: ERROR: %s\n' "$*" >&2; exit 1; }

if [ "$(cat "$VENV/.installed" 2>/dev/null)" != "$WANT" ]; then
  command -v python3 >/dev/null || die "python3 not found; run scripts/deps.sh"
  echo "openapi-validator: installing $WANT from PyPI into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV" || die "python3 -m venv failed; run scripts/deps.sh (python3-venv)"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "$WANT" || die "pip install $WANT failed"
  echo "$WANT" >"$VENV/.installed"
fi

[ $# -eq 0 ] || exec "$VENV/bin/openapi-spec-validator" "$@"
