#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image (Ubuntu). It installs Node 20
# (NodeSource, because Ubuntu's own nodejs is older than the grader needs) and the grader's
# locked dependencies. AUTOGRADER_ROOT (default /autograder) exists so tests can use a fake layout.
set -euo pipefail

ROOT="${AUTOGRADER_ROOT:-/autograder}"
NODE_MAJOR=20

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt "$NODE_MAJOR" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends ca-certificates curl gnupg
  curl -fsSL "https://deb.nodesource.com/setup_${NODE_MAJOR}.x" | bash -
  apt-get install -y --no-install-recommends nodejs
fi
echo "Node $(node --version), npm $(npm --version)"

cd "$ROOT/source"
npm ci --no-audit --no-fund
