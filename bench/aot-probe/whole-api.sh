#!/usr/bin/env bash
# Budget.Api itself under Native AOT, as far as it goes without precompiled queries (README.md here, "The whole API"):
# publishes it with PublishAot, counts the trim and AOT warnings, then bench/cold.py starts it with its own files
# charged to each memory limit. Its sign-in fails (no query is precompiled), so what it measures is start-up and memory.
#   bench/aot-probe/whole-api.sh                       limits 64 72 80 96 112 MiB, 5,000 transactions
#   bench/aot-probe/whole-api.sh --limits 64 80 ...    any option of bench/cold.py passes through
# Needs bench/run.sh (or --smoke) run once before: its ReadyToRun build seeds the household.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
seeder=bench/.out/publish/Budget.Api
[ -x "$seeder" ] || { echo "run bench/run.sh --smoke first: its build seeds the household" >&2; exit 1; }
out=bench/.out/aot
case "$(uname -m)" in aarch64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac

echo "== publish Budget.Api with Native AOT (~5 minutes)" >&2
rm -rf "$out"
# Warnings are not errors here: the point is to count them. No web app, no OpenAPI document: neither changes the binary.
dotnet publish Budget.Api -c Release -r "$rid" -o "$out" -p:PublishAot=true -p:PublishReadyToRun=false \
  -p:TreatWarningsAsErrors=false -p:SkipWebApp=true -p:OpenApiGenerateDocuments=false -nologo > "$out.log" 2>&1 \
  || { tail -n 30 "$out.log"; exit 1; }
echo "binary: $(du -m "$out/Budget.Api" | cut -f1) MB; trim and AOT warnings by code (the analyzer and the AOT compiler each report most of them):" >&2
grep -oE "warning IL[0-9]+" "$out.log" | sort | uniq -c >&2 || echo "      none" >&2

stamp=$(date -u +%Y%m%dT%H%M%SZ)
exec python3 bench/cold.py --app "$out/Budget.Api" --seed-app "$seeder" --limits 64 72 80 96 112 --wait 20 --seconds 2 \
  --out "bench/results/aot-whole-api-cold-$stamp.json" "$@"
