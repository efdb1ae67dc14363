#!/usr/bin/env bash
# Installs what the tests need (Azurite from npm, NuGet packages, the Bicep CLI), builds, runs every
# test project, and ends with one line counted from the test results: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# What the tests drive, from Debian: chromium for the browser tests; real feed readers (newsboat, rss2email,
# Python feedparser) for what readers show; Java for the Nu HTML Checker (npm vnu-jar); Varnish as the shared
# cache the CDN tests put in front of the app.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v newsboat >/dev/null 2>&1 || missing+=(newsboat)
command -v r2e >/dev/null 2>&1 || missing+=(rss2email)
/usr/bin/python3 -c 'import feedparser' >/dev/null 2>&1 || missing+=(python3-feedparser)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ] || missing+=(varnish)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> Installing ${missing[*]} (apt-get)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The upgrade tests build earlier releases from git history: a shallow CI clone needs the rest of it.
if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = "true" ]; then
  echo "==> Fetching git history (upgrade tests build earlier releases)"
  git fetch --quiet --unshallow || echo "    (could not fetch history; the upgrade tests will say so)"
fi

echo "==> Installing Azurite, the Nu HTML Checker and the JavaScript feed and push libraries (npm ci)"
npm ci --no-audit --no-fund --loglevel=error

echo "==> Restoring and building"
# A build that fails still ends with the summary line: nothing passed, and the build counts as a failure.
if ! { dotnet restore SyndicationFunctions.sln --verbosity quiet &&
  dotnet build SyndicationFunctions.sln --no-restore --configuration Release --verbosity quiet -nologo; }; then
  echo "0 passed, 1 failed"
  exit 1
fi

echo "==> Building and linting the Bicep (infra/check.sh)"
if ! infra/check.sh; then
  echo "0 passed, 1 failed"
  exit 1
fi

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

echo "==> Running tests"
status=0
# The hosts the tests start write their Information logs to the console; keep the console to warnings
# (other logger providers, and the tests that read logs, are unaffected), so failures stand out.
export Logging__Console__LogLevel__Default=Warning
dotnet test SyndicationFunctions.sln --no-build --configuration Release \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# Count from the TRX files, so a run that executed nothing shows "0 passed".
passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$failed" -gt 0 ]; then
  # Name every failed test just above the summary, so the end of a long log says what failed.
  echo "==> Failed tests"
  for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/    \1/p' || true
  done
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The test run failed without a failed test (a crash, a build error): count it as one.
  failed=1
fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
