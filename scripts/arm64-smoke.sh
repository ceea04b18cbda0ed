#!/usr/bin/env bash
# Cross-publishes the Native AOT sockscope for linux-arm64 (GCC's cross toolchain, see
# scripts/aarch64-linux-gnu-cc) and runs it under qemu-aarch64 on the committed sample: `read`,
# `read --json`, `filter -d` and `stats` must print exactly what the x64 native binary prints.
#
#   scripts/arm64-smoke.sh X64_SOCKSCOPE [WORKDIR]
#
# Needs gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and qemu-user (apt). Exit code 2 when one is
# missing (the caller reports it as skipped), 1 on a failed build or a difference.
set -euo pipefail
cd "$(dirname "$0")/.."
x64="${1:?usage: arm64-smoke.sh X64_SOCKSCOPE [WORKDIR]}"
work="${2:-$(mktemp -d /tmp/arm64-smoke.XXXXXX)}"
for tool in aarch64-linux-gnu-gcc aarch64-linux-gnu-objcopy qemu-aarch64; do
  command -v "$tool" >/dev/null || { echo "arm64-smoke: $tool not installed (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)" >&2; exit 2; }
done
mkdir -p "$work"
dotnet publish src/SockScope.Cli -c Release -r linux-arm64 -o "$work/out" \
  -p:CppCompilerAndLinker="$PWD/scripts/aarch64-linux-gnu-cc" -p:ObjCopyName=aarch64-linux-gnu-objcopy > "$work/publish.log" 2>&1 \
  || { tail -20 "$work/publish.log" >&2; exit 1; }
file "$work/out/sockscope" | grep -q 'ARM aarch64' || { echo "arm64-smoke: not an arm64 binary" >&2; exit 1; }
sample=examples/data/loopback.pcap
status=0
for args in "read -nn $sample" "read -v $sample" "read --json $sample" "filter -d tcp port 80" "stats -z conv,tcp -z io,phs $sample" "flows --uid-seed 7 $sample"; do
  # shellcheck disable=SC2086
  "$x64" $args 2>&1 | grep -v '^#open\|^#close' > "$work/x64.txt" || true
  # shellcheck disable=SC2086
  qemu-aarch64 -L /usr/aarch64-linux-gnu "$work/out/sockscope" $args 2>&1 | grep -v '^#open\|^#close' > "$work/arm64.txt" || true
  if cmp -s "$work/x64.txt" "$work/arm64.txt" && [ -s "$work/x64.txt" ]; then
    echo "arm64-smoke: same output: sockscope $args"
  else
    echo "arm64-smoke: DIFFERENT: sockscope $args" >&2; diff "$work/x64.txt" "$work/arm64.txt" | head -10 >&2; status=1
  fi
done
exit $status
