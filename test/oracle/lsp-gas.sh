#!/usr/bin/env bash
# Language-server oracle: GNU as (binutils-s390x-linux-gnu) decides. Checks the
# diagnostic cases against gas, and regenerates the recorded gas facts (operand counts,
# .machine levels, gcc output fixtures) to confirm the committed goldens still match.
set -euo pipefail
cd "$(dirname "$0")/../.."
node tools/run-ts.mjs test/language-server/oracle/verify-cases.ts
node tools/run-ts.mjs test/language-server/oracle/gen-operand-counts.ts
node tools/run-ts.mjs test/language-server/oracle/gen-machine-levels.ts
bash test/language-server/oracle/gen-real-asm.sh > /dev/null
# gcc output names the compiler version; compare everything else.
if ! git diff --quiet -I '\.ident' -- test/language-server/fixtures; then
  git diff --stat -- test/language-server/fixtures
  echo "lsp-gas: the recorded gas facts differ from this gas (see git diff test/language-server/fixtures)" >&2
  exit 1
fi
echo "lsp-gas: goldens match GNU as"
