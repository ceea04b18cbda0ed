#!/usr/bin/env bash
# Runs `tshark -q -r F -z SPEC...` and `sockscope stats F -z SPEC...` on captures and reports, per
# spec, how many files give identical blocks (byte for byte) and how many differ.
#
#   scripts/stats-compare.sh                  every corpus capture (../shared/corpus, 830 files) and
#                                             the committed fresh captures under tests/
#   scripts/stats-compare.sh --core           the 125 core corpus captures and tests/ only
#   scripts/stats-compare.sh --files "A B"    only these captures
#   scripts/stats-compare.sh --specs "S1 S2"  other specs (default below)
#   scripts/stats-compare.sh --follow-all     also follow,tcp|udp,raw|ascii,N for every stream N
#                                             of the captures under tests/stats-captures
#   scripts/stats-compare.sh --keep DIR       keep both outputs of each differing file/spec in DIR
#   scripts/stats-compare.sh --no-build       use the existing Release build (src/SockScope.Cli/bin/Release,
#                                             or $SOCKSCOPE)
#
# One tshark and one sockscope process per file (all specs at once; tshark prints the blocks in
# reverse order, scripts/stats-split.py cuts them apart). io,phs is also reported "normalized":
# tshark's lines for protocols SockScope does not decode (dns, http, data, ...) removed, since
# `stats` stops at the transport layer. io,stat column filters are pcap-filter expressions in
# SockScope and display filters in tshark: "tcp" and "udp" read the same in both, but tshark's
# also match the transport header inside ICMP errors and reassembled datagrams.
# Exit code 0 unless the build fails or a sockscope run crashes (exit code other than 0/1).
set -euo pipefail
cd "$(dirname "$0")/.."

specs="conv,eth conv,ip conv,ipv6 conv,tcp conv,udp endpoints,eth endpoints,ip endpoints,ipv6 endpoints,tcp endpoints,udp io,phs io,stat,0 io,stat,1,tcp,udp follow,tcp,ascii,0 follow,tcp,hex,1 follow,udp,raw,0 follow,udp,ascii,1"
files=""
core=0
keep=""
follow_all=0
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --core) core=1 ;;
    --files) shift; files="$1" ;;
    --specs) shift; specs="$1" ;;
    --keep) shift; keep="$1" ;;
    --follow-all) follow_all=1 ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "stats-compare.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
command -v tshark >/dev/null || { echo "stats-compare.sh: needs tshark" >&2; exit 1; }

if [ "$build" = 1 ]; then
  dotnet build src/SockScope.Cli -c Release >/tmp/stats-compare-build.log 2>&1 \
    || { cat /tmp/stats-compare-build.log >&2; exit 1; }
fi
sockscope=${SOCKSCOPE:-src/SockScope.Cli/bin/Release/net10.0/sockscope}
[ -x "$sockscope" ] || { echo "stats-compare.sh: no build at $sockscope (drop --no-build)" >&2; exit 1; }

corpus="${SOCKSCOPE_CORPUS:-../shared/corpus}"
[ -d "$corpus" ] || corpus=../../shared/corpus   # a git worktree one level deeper
if [ -z "$files" ]; then
  mine=$(ls tests/stats-captures/*.pcap tests/fresh-captures/*.pcap 2>/dev/null || true)
  if [ "$core" = 1 ]; then
    theirs=$(ls "$corpus"/core/* 2>/dev/null | grep -v -E '\.(txt|tsv|out)$' || true)
  else
    theirs=$(ls "$corpus"/core/* "$corpus"/robustness/* 2>/dev/null | grep -v -E '\.(txt|tsv|out)$' || true)
  fi
  files="$mine $theirs"
fi

work=$(mktemp -d /tmp/stats-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -n "$keep" ] && mkdir -p "$keep"
crashes=0
nfiles=0
: > "$work/results.tsv"

compare() {  # FILE SPECS...
  local f="$1"; shift
  # A fuzzed clock can make io,stat print millions of rows (one a second over years): each
  # output is cut at 20 MB, and each io,stat runs on its own, so that a cut loses no other block.
  local groups=() rest="" s g=0 rc
  for s in "$@"; do
    case "$s" in io,stat,*) groups+=("$s") ;; *) rest="$rest $s" ;; esac
  done
  [ -n "$rest" ] && groups=("${rest# }" "${groups[@]}")
  rm -f "$work"/group.*
  for s in "${groups[@]}"; do
    g=$((g + 1))
    local zt=()
    for spec in $s; do zt+=(-z "$spec"); done
    echo "$s" > "$work/group.$g.specs"
    timeout -k 10 120 tshark -q -r "$f" "${zt[@]}" 2>/dev/null | head -c 20000000 > "$work/group.$g.t" || true
    timeout -k 10 120 "$sockscope" stats "$f" "${zt[@]}" 2>"$work/s.err" | head -c 20000000 > "$work/group.$g.s" || true
    rc=${PIPESTATUS[0]}
    # 141: SIGPIPE after the 20 MB cut.
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ "$rc" -ne 141 ]; then
      crashes=$((crashes + 1)); echo "CRASH/HANG ($rc): $f" >&2; cat "$work/s.err" >&2
    fi
  done
  timeout 120 python3 - "$f" "$work" "$keep" "$@" >> "$work/results.tsv" <<'PY'
import importlib.util, os, sys
f, work, keep, specs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
spec_loader = importlib.util.spec_from_file_location("split", "scripts/stats-split.py")
split = importlib.util.module_from_spec(spec_loader)
sys.argv = ["stats-split.py"]            # the module's main() must not run on import
spec_loader.loader.exec_module(split)
t, tn, s = {}, {}, {}
g = 1
while os.path.exists(os.path.join(work, f"group.{g}.specs")):
    group = open(os.path.join(work, f"group.{g}.specs")).read().split()
    t_text = open(os.path.join(work, f"group.{g}.t"), errors="surrogateescape").read()
    s_text = open(os.path.join(work, f"group.{g}.s"), errors="surrogateescape").read()
    t.update(split.blocks(t_text, group, False))
    tn.update(split.blocks(t_text, group, True))
    s.update(split.blocks(s_text, group, False))
    g += 1
for spec in specs:
    a, b = t.get(spec), s.get(spec)
    same = a is not None and a == b
    print(f"{spec}\t{'same' if same else 'diff'}\t{f}")
    if spec == "io,phs":
        print(f"io,phs(normalized)\t{'same' if tn.get(spec) is not None and tn.get(spec) == b else 'diff'}\t{f}")
    if not same and keep:
        base = os.path.join(keep, os.path.basename(f) + "." + spec.replace(",", "_"))
        open(base + ".tshark", "w", errors="surrogateescape").write(a or "(no block; tshark failed or printed a different set)\n")
        open(base + ".sockscope", "w", errors="surrogateescape").write(b or "(no block)\n")
PY
}

for f in $files; do
  [ -f "$f" ] || continue
  nfiles=$((nfiles + 1))
  # shellcheck disable=SC2086
  compare "$f" $specs
done

if [ "$follow_all" = 1 ]; then
  for f in tests/stats-captures/*.pcap; do
    [ -f "$f" ] || continue
    for proto in tcp udp; do
      n=$(tshark -r "$f" -T fields -e $proto.stream 2>/dev/null | sort -n | uniq | grep -c . || true)
      for ((i = 0; i < n; i++)); do compare "$f" "follow,$proto,raw,$i" "follow,$proto,ascii,$i"; done
    done
  done
fi

echo "# stats-compare: $nfiles captures, tshark $(tshark -v 2>/dev/null | head -1 | awk '{print $3}')"
printf "%-26s %9s %9s\n" spec identical different
cut -f1,2 "$work/results.tsv" | sort | uniq -c | awk '{n[$2]=n[$2]; if ($3=="same") s[$2]+=$1; else d[$2]+=$1} END {for (k in n) printf "%-26s %9d %9d\n", k, s[k], d[k]}' | sort
awk -F'\t' '{ if ($2=="same") s++; else d++ } END { printf "TOTAL blocks identical: %d, different: %d\n", s, d }' "$work/results.tsv"
echo "sockscope crashes or hangs: $crashes"
[ "$crashes" -eq 0 ]
