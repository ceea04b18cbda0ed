#!/usr/bin/env bash
# Compares `sockscope read -nn -tt [-v]` with tcpdump's text for the 125 core captures of
# ../shared/corpus, in-process (one test run, no process per file).
#
#   scripts/corpus-compare.sh              per-file identical/total lines against F.nn.txt, and totals
#   scripts/corpus-compare.sh -v           the same against F.v.txt (-nn -tt -v)
#   scripts/corpus-compare.sh --diff NAME  also the differing lines of one capture (- tcpdump, + sockscope)
#
# NAME is a core capture's file name, with or without .pcap/.pcapng. Exit code 0 unless the build fails.
set -euo pipefail
cd "$(dirname "$0")/.."

verbose=0
diff=""
while [ $# -gt 0 ]; do
  case "$1" in
    -v) verbose=1 ;;
    --diff) shift; diff="${1:?--diff needs a capture name}" ;;
    --diff=*) diff="${1#--diff=}" ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "corpus-compare.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

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
