#!/usr/bin/env bash
# Installs what the UI tests drive: real VS Code as code-server 4.100.3 (the last line
# that runs on Node 20), playwright-core, and Debian's Chromium. The npm install lives in
# a cache outside the repository (several hundred MB) and is reused when present.
# Prints the cache directory on its last line.
set -euo pipefail
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
cache=${KULI_CACHE:-$HOME/.cache/kuli}/ui
stamp=$cache/.installed-code-server-$CODE_SERVER_VERSION-playwright-$PLAYWRIGHT_VERSION

# Debian packages: the browser, and the headers code-server's native modules build against.
apt_packages=(chromium libkrb5-dev libsecret-1-dev pkg-config libx11-dev libxkbfile-dev ripgrep
  build-essential python3)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: apt-get install ${missing[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then echo "setup: need root to install ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [[ -f $stamp && -x $cache/node_modules/.bin/code-server ]]; then
  echo "$cache"
  exit 0
fi

mkdir -p "$cache"
cd "$cache"
[[ -f package.json ]] || echo '{ "private": true, "description": "Kuli UI test tools (code-server, playwright-core)" }' > package.json
echo "setup: npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION into $cache" >&2
# Install scripts would download prebuilt binaries, which these machines cannot; the
# native modules are rebuilt from source below instead.
npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >&2

vscode_dir=$cache/node_modules/code-server/lib/vscode
(
  cd "$vscode_dir"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts --loglevel=error >&2
  npm_config_yes=true npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog \
    @vscode/deviceid >&2
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  ln -sfn node_modules node_modules.asar
  cd extensions
  npm install --no-audit --no-fund --omit=dev --ignore-scripts --loglevel=error >&2
)
npm_config_yes=true npm rebuild argon2 --build-from-source >&2
touch "$stamp"
echo "$cache"
