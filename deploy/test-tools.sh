#!/usr/bin/env bash
# Installs the tools the tests drive, each only if missing. Modules add their tools here.
set -euo pipefail
cd "$(dirname "$0")/.."
