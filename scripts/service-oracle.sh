#!/usr/bin/env bash
# service-oracle.sh: what tshark names on each TCP/UDP connection of the corpus, as Zeek service names.
#
# For every corpus capture whose MANIFEST.tsv protocols include tcp or udp (and that tshark reads),
# runs `tshark -n -r FILE -T fields -E occurrence=l -e frame.protocols -e ip.src ... -e udp.dstport`
# (TCP reassembly on, tshark's defaults) and folds the frames into connections: key = transport,
# the two endpoints (innermost IP header, as `flows` keys them) in sorted order; value = the set of
# application protocols tshark dissected in any frame of it, mapped to Zeek's service names:
#   dns mdns llmnr nbns -> dns   http -> http   tls -> ssl (quic when quic is present)   dtls -> dtls
#   ssh -> ssh   ftp -> ftp   smtp -> smtp   pop -> pop3   dhcp -> dhcp   ntp -> ntp   quic -> quic
#   snmp -> snmp   radius -> radius
# Frames inside ICMP errors (an icmp layer before the transport) are not counted.
# Output (stdout, or OUT): capture<TAB>proto<TAB>endpoint-a<TAB>endpoint-b<TAB>services ("-": none)<TAB>tshark's names.
# The test ServiceCorpusTests compares `flows`'s service with this file (tests/service-captures/tshark-services.tsv).
#
# With --files FILE..., the named captures instead of the corpus (the capture column is the file's
# name); TSHARK_ARGS adds tshark options, such as decode-as rules for ports tshark does not know:
#   TSHARK_ARGS="-d tcp.port==2222,ssh" scripts/service-oracle.sh --files services.pcap
#
# usage: scripts/service-oracle.sh [CORPUS] > tests/service-captures/tshark-services.tsv
#        scripts/service-oracle.sh --files FILE... > OUT
set -eu
command -v tshark >/dev/null || { echo "needs tshark" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "${1:-}" = "--files" ]; then
    shift
    corpus=$work/files
    mkdir -p "$corpus"
    for f in "$@"; do ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$corpus/$(basename "$f")"; basename "$f"; done > "$work/list"
else
    corpus=${1:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/corpus}
    [ -f "$corpus/MANIFEST.tsv" ] || corpus=$(cd "$(dirname "$0")/../.." && pwd)/shared/corpus
    [ -f "$corpus/MANIFEST.tsv" ] || { echo "no corpus MANIFEST.tsv (give CORPUS)" >&2; exit 2; }
    awk -F'\t' 'NR > 1 && $12 == "0" && $14 ~ /(^|,)(tcp|udp)(,|$)/ { print $1 "/" $2 }' "$corpus/MANIFEST.tsv" > "$work/list"
fi
while read -r rel; do
    out="$work/$(echo "$rel" | tr '/' '_').tsv"
    # shellcheck disable=SC2086
    timeout 60 tshark -n -r "$corpus/$rel" ${TSHARK_ARGS:-} -T fields -E occurrence=l -E separator=/t \
        -e frame.protocols -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport \
        > "$out" 2>/dev/null || true
    printf '%s\n' "$rel" > "$out.name"
done < "$work/list"
python3 - "$work" <<'PY'
import glob, os, sys
work = sys.argv[1]
names = {"dns": "dns", "mdns": "dns", "llmnr": "dns", "nbns": "dns", "http": "http", "tls": "ssl", "dtls": "dtls",
         "ssh": "ssh", "ftp": "ftp", "smtp": "smtp", "pop": "pop3", "dhcp": "dhcp", "ntp": "ntp", "quic": "quic",
         "snmp": "snmp", "radius": "radius"}
rows = []
for path in sorted(glob.glob(os.path.join(work, "*.tsv"))):
    rel = open(path + ".name").read().strip()
    conns = {}
    for line in open(path, errors="replace"):
        c = line.rstrip("\n").split("\t")
        if len(c) < 9:
            continue
        layers = c[0].split(":")
        if "tcp" in layers:
            proto, sp, dp = "tcp", c[5], c[6]
            t = layers.index("tcp")
        elif "udp" in layers:
            proto, sp, dp = "udp", c[7], c[8]
            t = layers.index("udp")
        else:
            continue
        if any(l in ("icmp", "icmpv6") for l in layers[:t]) or not sp or not dp:
            continue
        src = c[3] or c[1]
        dst = c[4] or c[2]
        if not src or not dst:
            continue
        a, b = sorted([f"{src}:{sp}" if ":" not in src else f"[{src}]:{sp}", f"{dst}:{dp}" if ":" not in dst else f"[{dst}]:{dp}"])
        found = conns.setdefault((proto, a, b), [])
        for l in layers[t + 1:]:
            if l in names and l not in found:
                found.append(l)
    for (proto, a, b), found in sorted(conns.items()):
        mapped = []
        for l in found:
            n = names[l]
            if n == "ssl" and "quic" in found:
                continue
            if n not in mapped:
                mapped.append(n)
        rows.append("\t".join([rel, proto, a, b, ",".join(sorted(mapped)) or "-", ",".join(found) or "-"]))
print("# capture\tproto\tendpoint_a\tendpoint_b\tservices\ttshark")
print("\n".join(rows))
PY
