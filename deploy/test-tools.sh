#!/usr/bin/env bash
# Installs the tools the tests drive, each only if missing. Modules add their tools here.
set -euo pipefail
cd "$(dirname "$0")/.."

# GNU time: deploy/test.sh reports each test project's duration and peak memory with it.
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
# Dashboard browser tests (tests/browser, run by Silo.Dashboard.Tests' BrowserTests): Debian's
# Chromium, and playwright-core from npm at the version tests/browser/package.json pins.
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
playwright_wanted="$(node -p "require('./tests/browser/package.json').dependencies['playwright-core']")"
playwright_have="$(node -p "require('./tests/browser/node_modules/playwright-core/package.json').version" 2>/dev/null || true)"
if [ "$playwright_have" != "$playwright_wanted" ]; then
  (cd tests/browser && npm install --no-package-lock --no-audit --no-fund --silent)
fi

# Media (issue 3): yt-dlp for YouTube download mode, ffmpeg for its merges; s3rver, an S3-compatible
# server the S3 blob store tests start on loopback (installed locally, never committed).
if ! command -v yt-dlp >/dev/null 2>&1 || ! command -v ffmpeg >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq yt-dlp ffmpeg >/dev/null
fi
if [ ! -x .local/tools/node_modules/.bin/s3rver ]; then
  mkdir -p .local/tools && npm install --silent --no-audit --no-fund --prefix .local/tools s3rver@3.7.1 >/dev/null
fi
# Media (issue 11): azurite, an Azure Blob-compatible server the Azure blob store tests start on loopback.
if [ ! -x .local/tools/node_modules/.bin/azurite-blob ]; then
  mkdir -p .local/tools && npm install --silent --no-audit --no-fund --prefix .local/tools azurite@3.37.0 >/dev/null
fi
# OpenAPI (issue 24): Redocly CLI, which lints the document a node serves (Silo.Gateway.Tests' OpenApiDocumentTests).
if [ ! -f .local/tools/node_modules/@redocly/cli/bin/cli.js ]; then
  mkdir -p .local/tools && npm install --silent --no-audit --no-fund --prefix .local/tools @redocly/cli@2.77.0 >/dev/null
fi
