#!/usr/bin/env bash
# UI suite: the packaged extension in real VS Code (code-server) driven by Chromium.
# Installs code-server, playwright-core and Chromium on first use (cached outside the
# repository, see test/ui/setup.sh), then runs test/ui/run.mjs; screenshots land in
# test-results/ui/.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=$(bash test/ui/setup.sh | tail -n 1)
node test/ui/run.mjs --cache "$cache"
