#!/usr/bin/env bash
# Regenerates the README pictures from their Graphviz sources (docs/*.dot -> docs/*.svg).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dot >/dev/null || { echo "render-docs: needs Graphviz (apt-get install graphviz)" >&2; exit 1; }
for src in docs/*.dot; do
  dot -Tsvg "$src" -o "${src%.dot}.svg"
  echo "rendered ${src%.dot}.svg"
done
