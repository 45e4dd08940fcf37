#!/usr/bin/env bash
# Installs what the end-to-end tests (test/e2e/*.e2e.ts) need on a fresh Debian machine, as root,
# idempotently, and prints how long each step took:
#   - Debian packages: chromium (driven by playwright-core), neovim (0.7.x, the second LSP client),
#     ripgrep (its `rg` stands in for the one @vscode/ripgrep downloads), libkrb5-dev, build-essential
#     and python3 (code-server's native modules). `apt-get update` runs once, and only when a package
#     is missing.
#   - code-server 4.100.3 (VS Code 1.100.3, the newest that installs on Node 20) from npm into a cache
#     folder: ${ROOFLINE_E2E_CACHE:-$HOME/.cache/roofline-e2e}/code-server-4.100.3, skipped when a
#     complete install is already there (marker file written last).
# The install follows the real-client notes of the project design (code-server and Neovim): unsafe-perm (root), npm_config_yes (node-pty
# runs npx), npm_config_nodedir (node-gyp downloads no headers), and Debian's rg packed as the tarball
# @vscode/ripgrep@1.15.11 looks for in $TMPDIR/vscode-ripgrep-cache-1.15.11/ before it downloads.
# Prints the code-server binary's path on the last line ("code-server: PATH"), and writes the step
# timings to $ROOFLINE_ARTIFACTS/install-timings.tsv (default .artifacts/e2e/) for the e2e summary.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
RIPGREP_PKG_VERSION=1.15.11      # the @vscode/ripgrep that code-server 4.100.3 depends on
RIPGREP_ASSET_VERSION=v13.0.0-10 # the asset that @vscode/ripgrep 1.15.11 asks for (x64, arm64)
CODE_SERVER_NODE_MAJOR=20     # the Node major code-server 4.100.3's install script expects
APT_PACKAGES=(chromium neovim ripgrep libkrb5-dev build-essential python3)

CACHE_ROOT="${ROOFLINE_E2E_CACHE:-$HOME/.cache/roofline-e2e}"
INSTALL_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
MARKER="$INSTALL_DIR/.roofline-e2e-complete"
CODE_SERVER_BIN="$INSTALL_DIR/node_modules/.bin/code-server"

ARTIFACTS="${ROOFLINE_ARTIFACTS:-$(cd "$(dirname "$0")/.." && pwd)/.artifacts/e2e}"
TIMINGS_TSV="$ARTIFACTS/install-timings.tsv"
mkdir -p "$ARTIFACTS"
: >"$TIMINGS_TSV"

timings=()
now() { date +%s.%N; }
# step NAME START: records and prints the seconds since START.
step_done() {
  local name="$1" start="$2" secs
  secs=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  timings+=("$(printf '%-34s %7s s' "$name" "$secs")")
  printf '%s\t%s\n' "$name" "$secs" >>"$TIMINGS_TSV"
  echo "== install-e2e: $name: ${secs} s"
}

total_start=$(now)

# ---- 0. Node ------------------------------------------------------------------------------------
# Any Node that package.json's `engines.node` allows (">=20") runs the tests. code-server's own
# install script accepts only its Node major ($CODE_SERVER_NODE_MAJOR) unless FORCE_NODE_VERSION
# names another; on a newer Node we say so and let it build its native modules for that Node.
node_major=$(node -p 'process.versions.node.split(".")[0]')
engines_min=$(node -p 'require(process.argv[1] + "/package.json").engines.node.replace(/^>=\s*/, "").split(".")[0]' "$(cd "$(dirname "$0")/.." && pwd)" 2>/dev/null || echo "$CODE_SERVER_NODE_MAJOR")
if [ "$node_major" -lt "$engines_min" ]; then
  echo "install-e2e: package.json's engines ask for Node >= $engines_min; this is Node $(node --version)" >&2
  exit 1
fi
if [ "$node_major" != "$CODE_SERVER_NODE_MAJOR" ]; then
  echo "== install-e2e: Node $(node --version): code-server $CODE_SERVER_VERSION is built for Node $CODE_SERVER_NODE_MAJOR; installing it with FORCE_NODE_VERSION=$node_major"
  export FORCE_NODE_VERSION="$node_major"
fi

# ---- 1. Debian packages -------------------------------------------------------------------------
t=$(now)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-e2e: missing Debian packages (${missing[*]}) and not root: install them with apt-get" >&2
    exit 1
  fi
  echo "== install-e2e: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "== install-e2e: Debian packages already installed (${APT_PACKAGES[*]})"
fi
nvim_version=$(nvim --version | head -1)
case "$nvim_version" in
  "NVIM v0."[7-9]*|"NVIM v0.1"[0-9]*) ;;
  *) echo "install-e2e: warning: $nvim_version; the Neovim test is written for 0.7+ (vim.lsp.start_client)" >&2 ;;
esac
step_done "apt packages" "$t"

# ---- 2. code-server -----------------------------------------------------------------------------
t=$(now)
if [ -f "$MARKER" ] && [ -x "$CODE_SERVER_BIN" ] && [ "$(cat "$MARKER")" = "code-server@$CODE_SERVER_VERSION node$node_major" ]; then
  echo "== install-e2e: code-server $CODE_SERVER_VERSION already in $INSTALL_DIR"
else
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-musl ;;
    *) echo "install-e2e: no ripgrep asset name known for $(uname -m)" >&2; exit 1 ;;
  esac
  node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  if [ ! -f "$node_prefix/include/node/node.h" ]; then
    echo "install-e2e: $node_prefix/include/node/node.h not found: npm_config_nodedir needs a Node with headers" >&2
    exit 1
  fi
  rm -rf "$INSTALL_DIR"
  staging="$INSTALL_DIR.partial"
  rm -rf "$staging"
  mkdir -p "$staging/tmp" "$staging/home"
  # @vscode/ripgrep's postinstall uses this tarball instead of downloading from GitHub.
  rg_cache="$staging/tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  mkdir -p "$rg_cache"
  tar czf "$rg_cache/ripgrep-$RIPGREP_ASSET_VERSION-$rg_target.tar.gz" -C "$(dirname "$(readlink -f "$(command -v rg)")")" rg
  # A local install in its own folder: a global one (-g) passes npm_config_global on to the
  # postinstall's nested `npm install` in lib/vscode, which then ignores its npm-shrinkwrap.json.
  echo '{ "name": "roofline-e2e-code-server", "private": true }' >"$staging/package.json"
  echo "== install-e2e: npm install code-server@$CODE_SERVER_VERSION in $INSTALL_DIR"
  (
    export TMPDIR="$staging/tmp"
    export npm_config_unsafe_perm=true
    export npm_config_yes=true
    export npm_config_nodedir="$node_prefix"
    export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
    cd "$staging"
    npm install --no-save --no-package-lock "code-server@$CODE_SERVER_VERSION" >"$staging/npm-install.log" 2>&1
  ) || { echo "install-e2e: npm install of code-server failed; last lines of its log:" >&2; tail -40 "$staging/npm-install.log" >&2; exit 1; }
  # npm's bin links are relative: the tree can move.
  mv "$staging" "$INSTALL_DIR"
  rm -rf "$INSTALL_DIR/tmp" "$INSTALL_DIR/home"
  rg_bin="$INSTALL_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
  [ -x "$rg_bin" ] || { echo "install-e2e: ripgrep missing at $rg_bin" >&2; exit 1; }
  version=$(mkdir -p "$CACHE_ROOT/version-home" && HOME="$CACHE_ROOT/version-home" "$CODE_SERVER_BIN" --version | grep -E '^[0-9]' | head -1)
  case "$version" in
    "$CODE_SERVER_VERSION "*) ;;
    *) echo "install-e2e: code-server --version says '$version'" >&2; exit 1 ;;
  esac
  echo "code-server@$CODE_SERVER_VERSION node$node_major" >"$MARKER"
fi
step_done "code-server $CODE_SERVER_VERSION" "$t"

step_done "total" "$total_start"
echo "== install-e2e: timings"
printf '   %s\n' "${timings[@]}"
echo "code-server: $CODE_SERVER_BIN"
