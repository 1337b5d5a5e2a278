# Pinned tool versions and where they live; sourced by ensure-tools.sh, test.sh and demo.sh.
# shellcheck shell=bash disable=SC2034
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
TOOLS_DIR="${CRX_TOOLS_DIR:-$ROOT/.tools}"

# Versions installed on the reference machine (dpkg-query -W); newer Debian security builds are
# accepted with a warning when these are no longer offered.
declare -A APT_PINS=(
  [docker-registry]='2.8.2+ds1-1'
  [skopeo]='1.9.3+ds1-1+b10'
  [umoci]='0.4.7+ds-3+b7'
  [apache2-utils]='2.4.71-1~deb12u1'
  [openssl]='3.0.22-1~deb12u2'
  [chromium]='156.0.8078.79-1~deb12u1'
  [libkrb5-dev]='1.20.1-2+deb12u5'
  # A real forward proxy for the proxy + private CA tests; the binary only, without the system service.
  [tinyproxy-bin]='1.11.1-2.1+deb12u1'
)

# code-server 4.139.1 = VS Code 1.139.1 and needs Node 24 (package.json engines.vscode must stay <= 1.139).
NODE24_VERSION='24.21.0'
CODE_SERVER_VERSION='4.139.1'
NODE24_DIR="$TOOLS_DIR/node-$NODE24_VERSION"
CODE_SERVER_DIR="$TOOLS_DIR/code-server-$CODE_SERVER_VERSION"
# Wrapper that runs code-server under Node 24 (its own shebang would pick the system Node 20).
CODE_SERVER_BIN="$CODE_SERVER_DIR/bin/code-server"
