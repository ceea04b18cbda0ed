#!/usr/bin/env bash
# Compares `sockscope read -nn -tt [-v]` with tcpdump's text for the 125 core captures of
# ../shared/corpus, in-process (one test run, no process per file).
#
#   scripts/corpus-compare.sh              per-file identical/total lines against F.nn.txt, and totals
#   scripts/corpus-compare.sh -v           the same against F.v.txt (-nn -tt -v)
#   scripts/corpus-compare.sh --diff NAME  also the differing lines of one capture (- tcpdump, + sockscope)
#   scripts/corpus-compare.sh --all [-v]   all 830 captures (core and robustness) against the local
#                                          tcpdump, run now: `sockscope read` (Release build) per file,
#                                          lines identical per `diff`; the differing files are listed
#                                          worst first, and their outputs kept in a folder to read
#   scripts/corpus-compare.sh --all --core --flags="-q"   the same for the 125 core captures only,
#                                          with more tcpdump flags (-e, -q, -vv, -x ...) after -nn -tt
#
# NAME is a core capture's file name, with or without .pcap/.pcapng. Exit code 0 unless the build fails.
set -euo pipefail
cd "$(dirname "$0")/.."

verbose=0
diff=""
all=0
core=0
extra=""
while [ $# -gt 0 ]; do
  case "$1" in
    -v) verbose=1 ;;
    --all) all=1 ;;
    --core) core=1 ;;
    --flags=*) extra="${1#--flags=}" ;;
    --diff) shift; diff="${1:?--diff needs a capture name}" ;;
    --diff=*) diff="${1#--diff=}" ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "corpus-compare.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$all" = 1 ]; then
  dotnet build src/SockScope.Cli -c Release -o /tmp/corpus-compare-cli >/tmp/corpus-compare-build.log 2>&1 \
    || { cat /tmp/corpus-compare-build.log >&2; exit 1; }
  flags=(-nn -tt); [ "$verbose" = 1 ] && flags+=(-v)
  # shellcheck disable=SC2206 # several flags in one word are meant to split
  [ -n "$extra" ] && flags+=($extra)
  captures=(../shared/corpus/core/*.pcap ../shared/corpus/core/*.pcapng)
  [ "$core" = 1 ] || captures+=(../shared/corpus/robustness/*)
  out="$(mktemp -d /tmp/corpus-compare-all.XXXXXX)"
  export TZ=UTC LC_ALL=C
  total=0; same=0; files=0; identical_files=0
  : > "$out/table"
  for f in "${captures[@]}"; do
    n="$(basename "$f")"
    tcpdump "${flags[@]}" -r "$f" > "$out/$n.tcpdump" 2>/dev/null || true
    dotnet /tmp/corpus-compare-cli/sockscope.dll read "${flags[@]}" "$f" > "$out/$n.sockscope" 2>/dev/null || true
    lines=$(wc -l < "$out/$n.tcpdump")
    ours=$(wc -l < "$out/$n.sockscope")
    missing=$(diff "$out/$n.tcpdump" "$out/$n.sockscope" | grep -c '^<' || true)
    # Lines only we print count too: a file is as many lines as the longer side has.
    longer=$((ours > lines ? ours : lines))
    total=$((total + longer)); same=$((same + lines - missing)); files=$((files + 1))
    if [ "$missing" = 0 ] && cmp -s "$out/$n.tcpdump" "$out/$n.sockscope"; then
      identical_files=$((identical_files + 1)); rm -f "$out/$n.tcpdump" "$out/$n.sockscope"
    else
      echo "$((longer - lines + missing)) $((lines - missing))/$longer $n" >> "$out/table"
    fi
  done
  echo "# ${flags[*]}: $([ "$core" = 1 ] && echo "core" || echo "all") corpus captures against tcpdump $(tcpdump --version 2>&1 | head -1 | awk '{print $3}'); differing files, most differing lines first"
  sort -rn "$out/table" | awk '{print $2, $3}'
  awk -v s="$same" -v t="$total" -v fi="$identical_files" -v f="$files" \
    'BEGIN { printf "TOTAL lines identical: %d/%d (%.1f%%), files identical: %d/%d\n", s, t, 100 * s / t, fi, f }'
  echo "outputs of the differing files: $out/NAME.tcpdump and $out/NAME.sockscope"
  exit 0
fi

report="$(mktemp /tmp/corpus-compare.XXXXXX)"
trap 'rm -f "$report"' EXIT
if ! SOCKSCOPE_COMPARE_REPORT="$report" SOCKSCOPE_COMPARE_VERBOSE="$verbose" SOCKSCOPE_COMPARE_DIFF="$diff" \
    dotnet test tests/SockScope.Cli.Tests --filter "FullyQualifiedName~CorpusComparisonTests.Report" >"$report.log" 2>&1; then
  cat "$report.log" >&2
  rm -f "$report.log"
  exit 1
fi
rm -f "$report.log"
cat "$report"
