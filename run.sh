#!/usr/bin/env bash
# Runs SyndicationFunctions on this machine, offline: installs Azurite (npm) and the NuGet packages,
# builds, starts Azurite (unless it is already listening) and the local Functions host, drops every
# file of seeds/ into the blob inbox, prints the feed URLs, and stays in the foreground until Ctrl-C
# or SIGTERM, when it stops every process it started.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

port=${SYNDICATION_PORT:-7071}
blob_port=${AZURITE_BLOB_PORT:-10000}
queue_port=${AZURITE_QUEUE_PORT:-10001}
table_port=${AZURITE_TABLE_PORT:-10002}
# A development key only: the local host demands it on function-level routes, as Azure would.
function_key=${SYNDICATION_FUNCTION_KEY:-local-development-key}
# The host's blobs_extension system key: only it opens the Event Grid webhook /runtime/webhooks/blobs.
blobs_extension_key=${SYNDICATION_BLOBS_EXTENSION_KEY:-local-blobs-extension-key}

pids=()
stop_all() {
  trap - EXIT INT TERM
  if [ "${#pids[@]}" -gt 0 ]; then
    echo "Stopping (${pids[*]})..."
    kill "${pids[@]}" 2>/dev/null || true
    # Give them 8 s to stop cleanly, then stop them anyway: Ctrl-C never hangs.
    for _ in $(seq 1 40); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ "$alive" -eq 0 ] && break
      sleep 0.2
    done
    kill -9 "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  local port=$1 what=$2
  for _ in $(seq 1 300); do
    listening "$port" && return 0
    sleep 0.2
  done
  echo "error: $what did not start listening on 127.0.0.1:$port" >&2
  exit 1
}

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing Azurite (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "==> Building"
# Errors only: every warning of ours is already an error (TreatWarningsAsErrors), and what remains are NuGet's
# notices that the offline feed served a newer version of a package than one asked for (NU1603).
dotnet build src/SyndicationFunctions.LocalHost/SyndicationFunctions.LocalHost.csproj --configuration Release --verbosity quiet -nologo \
  -consoleLoggerParameters:'ErrorsOnly;NoSummary'
host_dll=src/SyndicationFunctions.LocalHost/bin/Release/net10.0/SyndicationFunctions.LocalHost.dll

if listening "$blob_port" && listening "$queue_port" && listening "$table_port"; then
  echo "==> Using the Azurite already listening on 127.0.0.1:$blob_port-$table_port"
else
  for p in "$blob_port" "$queue_port" "$table_port"; do
    if listening "$p"; then
      echo "error: 127.0.0.1:$p is taken by something that is not a whole Azurite; set AZURITE_*_PORT" >&2
      exit 1
    fi
  done
  echo "==> Starting Azurite (data in .azurite/)"
  mkdir -p .azurite
  node_modules/.bin/azurite --silent --disableTelemetry --location .azurite \
    --blobHost 127.0.0.1 --blobPort "$blob_port" \
    --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --tableHost 127.0.0.1 --tablePort "$table_port" &
  pids+=($!)
  wait_for_port "$blob_port" Azurite
  wait_for_port "$table_port" Azurite
fi

# Azurite's published development account; the key is not a secret.
export ArticleStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${blob_port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue_port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table_port}/devstoreaccount1;"
export AzureWebJobsDisableHomepage=true SYNDICATION_PORT=$port SYNDICATION_FUNCTION_KEY=$function_key SYNDICATION_BLOBS_EXTENSION_KEY=$blobs_extension_key
# Local development only: lets the WebSub hub and webhooks call subscribers on this machine (off in Azure).
export Syndication__AllowPrivateNetworkCallbacks="${Syndication__AllowPrivateNetworkCallbacks:-true}"

if listening "$port"; then
  echo "error: 127.0.0.1:$port is already in use; set SYNDICATION_PORT" >&2
  exit 1
fi

echo "==> Starting the local Functions host on http://127.0.0.1:$port"
dotnet "$host_dll" &
pids+=($!)
for _ in $(seq 1 300); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/health" || true)" = 200 ]; then
    break
  fi
  if ! kill -0 "${pids[-1]}" 2>/dev/null; then
    echo "error: the local host exited" >&2
    exit 1
  fi
  sleep 0.2
done

echo "==> Dropping seeds/ into the blob inbox"
dotnet "$host_dll" drop seeds/*
seed_count=$(find seeds -maxdepth 1 -type f | wc -l)
for _ in $(seq 1 150); do
  total=$(curl -s "http://127.0.0.1:$port/api/summary" | sed -n 's/.*"totalArticles":\([0-9]*\).*/\1/p' || true)
  [ "${total:-0}" -ge "$seed_count" ] && break
  sleep 0.2
done
echo "    ${total:-0} articles stored"

root="http://127.0.0.1:$port"
base="$root/api"
cat <<INFO

SyndicationFunctions is running (the inbox is scanned every couple of seconds).
  Front page   $root/          (open it in a browser)
  RSS 2.0      $base/feeds/rss
  Atom 1.0     $base/feeds/atom
  JSON Feed    $base/feeds/json
  OPML         $base/feeds.opml
  Changes      $base/changes
  Summary      $base/summary
  Sitemap      $root/sitemap.xml   (crawl rules: $root/robots.txt)
  Health       $base/health
  Function key $function_key   (x-functions-key header or ?code=, for POST/PUT/DELETE)
  Webhook key  $blobs_extension_key   (blobs_extension, for /runtime/webhooks/blobs only)

Press Ctrl-C to stop.
INFO

# Returns when any of them ends (or on a signal); the EXIT trap stops the rest.
wait -n "${pids[@]}"
