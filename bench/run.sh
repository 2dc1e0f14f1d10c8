#!/usr/bin/env bash
# One command for the benchmark (see bench/README.md):
#   bench/run.sh            Release publish, 50,000-transaction household, 3 runs, 20 s mix + 5 s per route
#   bench/run.sh --smoke    tiny household, 1 run, 2 s of load: proves it starts, measures and prints (CI)
#   bench/run.sh --transactions 5000 --runs 5   any option of bench/bench.py passes through
# Then bench/cold.py: the API with its own files charged to its cgroup, at 64 MiB and at the manifest's limit.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=bench/.out/publish
label=jit
args=()
cold_args=()  # the household bench/cold.py starts on: the same as the benchmark's
smoke=false
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=true ;;
    --label) label=$2; args+=(--label "$2"); shift ;;
    --seed-cache|--transactions) args+=("$1" "$2"); cold_args+=("$1" "$2"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "== publish Budget.Api (Release, the image's runtime settings)" >&2
case "$(uname -m)" in aarch64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
rm -rf "$out"
dotnet publish Budget.Api -c Release -r "$rid" --self-contained -o "$out" -p:OpenApiGenerateDocuments=false -v quiet -nologo >&2
app="$out/Budget.Api"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
if $smoke; then
  python3 bench/bench.py --app "$app" --label "$label-smoke" --transactions 200 --runs 1 --seconds 2 \
    --route-seconds 1 --out "bench/.out/smoke.json" "${args[@]}"
  # The pod's own files against its limit: 64 MiB and the manifest's (fails when the manifest's cannot start and serve).
  exec python3 bench/cold.py --app "$app" --transactions 200 --wait 30 --seconds 2 --strict --out "bench/.out/cold-smoke.json"
fi
python3 bench/bench.py --app "$app" --label "$label" --out "bench/results/$label-$stamp.json" "${args[@]}"
exec python3 bench/cold.py --app "$app" --strict --out "bench/results/$label-cold-$stamp.json" "${cold_args[@]}"
