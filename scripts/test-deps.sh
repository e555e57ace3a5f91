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

# curl for the curl parser's differential test (generator/sample/curl), which
# checks that docproof predicts the request the real bash and curl send.
if ! command -v curl >/dev/null 2>&1; then
  echo "test-deps: installing curl (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq curl >/dev/null
fi

# The real buildkite-agent v3.78.0 for the mock's end-to-end test
# (cmd/docproof/mock_e2e_test.go). `go install` names the binary `agent`; the
# agent runs `buildkite-agent bootstrap` from its own folder, so link it there.
# DOCPROOF_BUILDKITE_AGENT points the test at another binary instead.
if [ -z "${DOCPROOF_BUILDKITE_AGENT:-}" ]; then
  agent_bin="${HOME}/.cache/docproof/agent-bin"
  if [ ! -x "${agent_bin}/agent" ]; then
    echo "test-deps: installing buildkite-agent v3.78.0 into ${agent_bin} (go install, a few minutes)"
    mkdir -p "${agent_bin}"
    GOBIN="${agent_bin}" "${GO:-go}" install github.com/buildkite/agent/v3@v3.78.0
  fi
  if [ ! -e "${agent_bin}/buildkite-agent" ]; then
    ln -s agent "${agent_bin}/buildkite-agent"
  fi
fi
