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

# The newest v3 agent, v3.138.3, for the same test (job tokens for every job
# call, repository tokens, asynchronous pipeline upload, and the commands
# older agents lack). Its release needs Go >= 1.26.10 and a module the proxy
# does not serve under its own path (drjosh.dev/zzglob), so it is built from a
# throw-away module that requires it and replaces that path, with the Go
# toolchain the proxy serves. About 8 minutes cold on 2 cores; later runs find
# the binary. DOCPROOF_BUILDKITE_AGENT_NEW points the test at another binary.
agent_new_version="3.138.3"
agent_new_toolchain="go1.27.3"
if [ -z "${DOCPROOF_BUILDKITE_AGENT_NEW:-}" ]; then
  agent_new_bin="${HOME}/.cache/docproof/agent-bin-${agent_new_version}"
  if [ ! -x "${agent_new_bin}/buildkite-agent" ]; then
    echo "test-deps: building buildkite-agent v${agent_new_version} into ${agent_new_bin} (${agent_new_toolchain}, about 8 minutes cold)"
    started=$(date +%s)
    build_dir="$(mktemp -d "${TMPDIR:-/tmp}/docproof-agent-build.XXXXXX")"
    trap 'rm -rf "${build_dir}"' EXIT
    cat > "${build_dir}/go.mod" <<MOD
module docproof.invalid/agentbuild

go 1.26

require github.com/buildkite/agent/v3 v${agent_new_version}

replace drjosh.dev/zzglob => github.com/DrJosh9000/zzglob v0.4.3
MOD
    mkdir -p "${agent_new_bin}"
    (cd "${build_dir}" && GOTOOLCHAIN="${agent_new_toolchain}" GOFLAGS=-mod=mod \
      "${GO:-go}" build -o "${agent_new_bin}/buildkite-agent.partial" github.com/buildkite/agent/v3)
    mv "${agent_new_bin}/buildkite-agent.partial" "${agent_new_bin}/buildkite-agent"
    echo "test-deps: buildkite-agent v${agent_new_version} built in $(( $(date +%s) - started )) s"
  fi
fi

# axe-core for the browser tests' accessibility audit (internal/browsertest,
# axe_test.go), from the npm registry at a pinned version: `npm pack` checks
# the tarball against the registry's integrity hash, and the script checks it
# against the one pinned here. DOCPROOF_AXE points the test at another axe.min.js.
axe_version="4.14.1"
axe_sha256="e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745"
if [ -z "${DOCPROOF_AXE:-}" ]; then
  axe_dir="${HOME}/.cache/docproof/axe-core-${axe_version}"
  if [ ! -f "${axe_dir}/axe.min.js" ]; then
    echo "test-deps: installing axe-core ${axe_version} into ${axe_dir} (npm pack)"
    pack_dir="$(mktemp -d "${TMPDIR:-/tmp}/docproof-axe.XXXXXX")"
    (cd "${pack_dir}" && npm pack --silent "axe-core@${axe_version}" >/dev/null)
    echo "${axe_sha256}  ${pack_dir}/axe-core-${axe_version}.tgz" | sha256sum -c --quiet -
    mkdir -p "${axe_dir}"
    tar -xzf "${pack_dir}/axe-core-${axe_version}.tgz" -C "${pack_dir}" package/axe.min.js package/LICENSE
    mv "${pack_dir}/package/LICENSE" "${axe_dir}/LICENSE"
    mv "${pack_dir}/package/axe.min.js" "${axe_dir}/axe.min.js"
    rm -rf "${pack_dir}"
  fi
fi

# html-validate for the published pages' markup check (internal/browsertest,
# htmlvalidate_test.go, config .htmlvalidate.json), from the npm registry at a
# pinned version (the newest whose engines accept Node 20): the package
# tarball is checked against the hash pinned here, then installed with its
# dependencies (npm checks each against the registry's integrity hash).
# DOCPROOF_HTML_VALIDATE points the test at another html-validate binary.
hv_version="10.9.0"
hv_sha256="28f65dce62ee71584084860d5ce0d8227c67691539c9dc7e07eec53ae425eef6"
if [ -z "${DOCPROOF_HTML_VALIDATE:-}" ]; then
  hv_dir="${HOME}/.cache/docproof/html-validate-${hv_version}"
  if [ ! -x "${hv_dir}/node_modules/.bin/html-validate" ]; then
    echo "test-deps: installing html-validate ${hv_version} into ${hv_dir} (npm pack, npm install)"
    pack_dir="$(mktemp -d "${TMPDIR:-/tmp}/docproof-html-validate.XXXXXX")"
    (cd "${pack_dir}" && npm pack --silent "html-validate@${hv_version}" >/dev/null)
    echo "${hv_sha256}  ${pack_dir}/html-validate-${hv_version}.tgz" | sha256sum -c --quiet -
    mkdir -p "${hv_dir}"
    (cd "${hv_dir}" && npm install --silent --no-audit --no-fund --ignore-scripts --no-save \
      "${pack_dir}/html-validate-${hv_version}.tgz" >/dev/null)
    rm -rf "${pack_dir}"
  fi
fi
