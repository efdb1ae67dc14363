#!/usr/bin/env bash
# Builds and lints the Bicep with the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64),
# failing on any warning, then writes what the baseline tests read:
#   artifacts/infra/main.json           the compiled ARM template
#   artifacts/infra/main.snapshot.json  the resources it predicts for infra/baseline.bicepparam
#   artifacts/infra/main.without-cdn.snapshot.json  the same for infra/without-cdn.bicepparam
# Usage: infra/check.sh   (from anywhere; needs only the dotnet SDK and NuGet)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
infra_dir="$repo_root/infra"
out_dir="${SYNDICATION_INFRA_ARTIFACTS:-$repo_root/artifacts/infra}"
tools_project="$infra_dir/tools/BicepCli.csproj"

# The CLI ships as a native binary inside a NuGet package; a PackageDownload restore brings it.
bicep_version="$(sed -n 's/.*Azure\.Bicep\.CommandLine\.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' "$tools_project")"
if [[ -z "$bicep_version" ]]; then
  echo "infra/check.sh: no Bicep CLI version in $tools_project" >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet restore "$tools_project" --verbosity quiet >/dev/null
packages_root="${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')}"
bicep="${packages_root%/}/azure.bicep.commandline.linux-x64/$bicep_version/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  echo "infra/check.sh: restore did not produce $bicep" >&2
  exit 1
fi
# NuGet extracts files without the execute bit for other users; the owner's bit is enough for root,
# not for every CI user.
[[ -x "$bicep" ]] || chmod u+x "$bicep"

mkdir -p "$out_dir"
diagnostics="$(mktemp)"
trap 'rm -f "$diagnostics"' EXIT

# Runs one Bicep command; any warning or error it prints fails the check (warnings are errors).
run_bicep() {
  local status=0
  "$bicep" "$@" >"$diagnostics" 2>&1 || status=$?
  if [[ $status -ne 0 ]] || grep -Eq ' : (Warning|Error) ' "$diagnostics"; then
    cat "$diagnostics" >&2
    echo "infra/check.sh: bicep $1 failed (exit $status; warnings count as errors)" >&2
    exit 1
  fi
}

echo "Bicep CLI $bicep_version: format, build, lint, snapshot"

# Formatting is part of clean: a file that `bicep format` would change fails the check.
while IFS= read -r -d '' source; do
  if ! "$bicep" format "$source" --stdout 2>"$diagnostics" | cmp -s - "$source"; then
    cat "$diagnostics" >&2
    echo "infra/check.sh: ${source#"$repo_root"/} is not formatted; run: $bicep format ${source#"$repo_root"/}" >&2
    exit 1
  fi
done < <(find "$infra_dir" \( -name '*.bicep' -o -name '*.bicepparam' \) -not -path '*/obj/*' -print0)
run_bicep build "$infra_dir/main.bicep" --outfile "$out_dir/main.json"
run_bicep lint "$infra_dir/main.bicep"
run_bicep lint "$infra_dir/baseline.bicepparam"
run_bicep lint "$infra_dir/without-cdn.bicepparam"

# snapshot writes beside the .bicepparam; move it out of the source tree.
snapshot() {
  run_bicep snapshot "$infra_dir/$1.bicepparam" \
    --subscription-id 00000000-0000-0000-0000-000000000001 \
    --tenant-id 00000000-0000-0000-0000-000000000002 \
    --location eastus2 \
    --deployment-name baseline
  mv "$infra_dir/$1.snapshot.json" "$out_dir/$2"
}
snapshot baseline main.snapshot.json
snapshot without-cdn main.without-cdn.snapshot.json

echo "Bicep clean: $out_dir/main.json and its snapshots"
