#!/usr/bin/env bash
# The Native AOT probe (bench/aot-probe/README.md): precompile its EF Core queries, publish it with Native AOT, measure it.
set -euo pipefail
cd "$(dirname "$0")"
dotnet tool restore >/dev/null
rm -rf CompiledModels Generated out
dotnet restore -r linux-x64 >/dev/null
dotnet ef dbcontext optimize --precompile-queries --nativeaot >optimize.log 2>&1 || { tail -n 20 optimize.log; exit 1; }
dotnet publish -c Release -r linux-x64 -o out >publish.log 2>&1 || { tail -n 30 publish.log; exit 1; }
echo "probe: $(du -h out/probe | cut -f1) native binary"
cd out
pod=(DOTNET_GCHeapHardLimit=0x1800000 DOTNET_GCgen0size=0x100000)   # Budget.Api's heap limit (24 MiB) and gen0 of 1 MiB
python3 ../measure.py health
python3 ../measure.py sum/1
python3 ../measure.py health "${pod[@]}"
python3 ../measure.py sum/1 "${pod[@]}"
