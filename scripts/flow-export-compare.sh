#!/usr/bin/env bash
# flow-export-compare.sh: does a collector store the same flows from SockScope as from softflowd?
#
# For each capture FILE, softflowd 1.1 (`softflowd -r FILE -n 127.0.0.1:P -v 10`, or -v 9 with
# --v9) and `sockscope read FILE --export ipfix://127.0.0.1:Q --export-only` (netflow9:// with --v9)
# each feed their own nfcapd (nfdump 1.7) on loopback. The two nfcapd files are read back with
# `nfdump -o csv` and summed per flow key (src addr, dst addr, src port, dst port, protocol):
# every key must have the same packets and bytes from both probes.
#
# With --nfacctd, pmacct's nfacctd (print plugin, CSV) is the collector instead of nfcapd.
#
# usage: scripts/flow-export-compare.sh [--v9] [--nfacctd] [--sockscope CMD] [--keep DIR] FILE...
# env:   SOCKSCOPE (default: the Release build under src/SockScope.Cli/bin; may carry arguments), BASE_PORT (default 39500)
# A file softflowd cannot read (link types it lacks: LINKTYPE_IPV4/IPV6, LINUX_SLL2) is skipped.
# exit:  0 all files equal; 1 a difference (the differing keys are printed); 2 bad usage / missing tool
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
version=10
scheme=ipfix
sockscope=${SOCKSCOPE:-$here/src/SockScope.Cli/bin/Release/net10.0/sockscope}
keep=""
collector=nfcapd
while [ $# -gt 0 ]; do
    case "$1" in
        --v9) version=9; scheme=netflow9; shift ;;
        --nfacctd) collector=nfacctd; shift ;;
        --sockscope) sockscope=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        --) shift; break ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || { echo "usage: $0 [--v9] [--sockscope CMD] FILE..." >&2; exit 2; }
for tool in softflowd $collector python3 ss $([ $collector = nfcapd ] && echo nfdump); do
    command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
[ -x "${sockscope%% *}" ] || command -v "${sockscope%% *}" >/dev/null || { echo "no sockscope at $sockscope (build src/SockScope.Cli -c Release or set SOCKSCOPE)" >&2; exit 2; }

work=${keep:-$(mktemp -d /tmp/flow-export-compare.XXXXXX)}
mkdir -p "$work"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    [ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT

base=${BASE_PORT:-39500}
# Two free UDP ports for this run (other runs may use the neighbours).
free_port() {
    local p=$1
    while ss -Hlun "sport = :$p" | grep -q .; do p=$((p + 1)); done
    echo "$p"
}

sum_csv() { # nfcapd directory -> "key packets bytes" lines, summed per key
    nfdump -R "$1" -q -o csv 2>/dev/null | python3 -c '
import sys, collections
t = collections.defaultdict(lambda: [0, 0])
for line in sys.stdin:
    f = line.rstrip("\n").split(",")
    if len(f) < 13 or not f[0][:1].isdigit(): continue
    key = ",".join([f[3], f[4], f[5], f[6], f[7]])
    t[key][0] += int(f[11]); t[key][1] += int(f[12])
for k in sorted(t): print(k, t[k][0], t[k][1])
'
}

# nfacctd: a print plugin writing CSV (appended every second) per flow key.
start_nfacctd() { # port dir; $! is its pid (started from this shell, so that wait works)
    cat >"$2/nfacctd.conf" <<CONF
daemonize: false
nfacctd_ip: 127.0.0.1
nfacctd_port: $1
plugins: print[p]
aggregate[p]: src_host, dst_host, src_port, dst_port, proto
print_output[p]: csv
print_output_file[p]: $2/out.csv
print_output_file_append[p]: true
print_refresh_time[p]: 1
CONF
    nfacctd -f "$2/nfacctd.conf" >"$2/collector.log" 2>&1 &
}
sum_nfacctd() { # dir -> "key packets bytes" lines
    cat "$1"/out.csv 2>/dev/null | python3 -c '
import sys, collections
t = collections.defaultdict(lambda: [0, 0])
for line in sys.stdin:
    f = line.rstrip("\n").split(",")
    if len(f) < 7 or f[0] == "SRC_IP": continue
    key = ",".join(f[:5])
    t[key][0] += int(f[5]); t[key][1] += int(f[6])
for k in sorted(t): print(k, t[k][0], t[k][1])
'
}

status=0
n=0
for file in "$@"; do
    n=$((n + 1))
    d="$work/$n"; mkdir -p "$d/ref" "$d/our"
    p1=$(free_port $base); p2=$(free_port $((p1 + 1)))
    if [ $collector = nfcapd ]; then
        nfcapd -b 127.0.0.1 -p "$p1" -w "$d/ref" -t 3600 -B 8388608 >"$d/nfcapd-ref.log" 2>&1 & r=$!
        nfcapd -b 127.0.0.1 -p "$p2" -w "$d/our" -t 3600 -B 8388608 >"$d/nfcapd-our.log" 2>&1 & o=$!
    else
        start_nfacctd "$p1" "$d/ref"; r=$!
        start_nfacctd "$p2" "$d/our"; o=$!
    fi
    pids=("$r" "$o")
    for _ in $(seq 50); do
        ss -Hlun "sport = :$p1" | grep -q . && ss -Hlun "sport = :$p2" | grep -q . && break
        sleep 0.1
    done
    timeout 300 softflowd -d -r "$file" -n "127.0.0.1:$p1" -v "$version" >"$d/softflowd.log" 2>&1
    # shellcheck disable=SC2086 # SOCKSCOPE may be a command with arguments ("dotnet .../sockscope.dll")
    timeout 300 $sockscope read "$file" --export "$scheme://127.0.0.1:$p2" --export-only --template-packets 0 >"$d/sockscope.log" 2>&1
    if [ $collector = nfcapd ]; then
        sleep 0.3
        kill "$r" "$o"; wait "$r" "$o" 2>/dev/null; pids=()
        sum_csv "$d/ref" >"$d/ref.txt"
        sum_csv "$d/our" >"$d/our.txt"
    else
        sleep 2.5 # two print refreshes
        kill -INT "$r" "$o"; wait "$r" "$o" 2>/dev/null; pids=()
        sum_nfacctd "$d/ref" >"$d/ref.txt"
        sum_nfacctd "$d/our" >"$d/our.txt"
    fi
    keys=$(wc -l <"$d/ref.txt")
    if grep -q "Unsupported datalink type" "$d/softflowd.log"; then
        echo "skip   softflowd cannot read its link type ($(grep -o 'type [0-9]*' "$d/softflowd.log"))  $file"
    elif cmp -s "$d/ref.txt" "$d/our.txt"; then
        echo "same   $keys keys  $file"
    else
        echo "DIFF   $keys keys  $file"
        diff "$d/ref.txt" "$d/our.txt" | head -20
        status=1
    fi
done
exit $status
