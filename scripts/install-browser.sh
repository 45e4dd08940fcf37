#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests of the Roofline page when it is missing (as root,
# with apt-get). Without root it says what to run; the browser tests then skip, except under
# CI=true where they fail.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
else
  echo "chromium is missing: run 'sudo apt-get install chromium' for the browser tests" >&2
fi
