#!/usr/bin/env bash
# Makes services.pcap: one short conversation per protocol on loopback (services.py: TLS on 8443,
# a ClientHello nobody answers with TLS on 4433, HTTP on 8081, SSH banners on 2222, FTP on 2121,
# SMTP on 2525, POP3 on 1100, DNS on 53, NTP on 123, plain UDP on 9999), captured with tcpdump on
# lo. Then make services-tshark.tsv with the command on its first line (tshark told the unregistered ports).
# Run as root from this folder. Traffic stays on 127.0.0.1; every process it starts is stopped,
# also on failure. Takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
dump=""
cleanup() {
    [ -n "$dump" ] && kill "$dump" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
tcpdump -i lo -w "$work/services.pcap" -U 'host 127.0.0.1 and (tcp or udp) and (port 8443 or port 4433 or port 8081 or port 2222 or port 2121 or port 2525 or port 1100 or port 53 or port 123 or port 9999)' 2>/dev/null &
dump=$!
sleep 1
timeout 60 python3 services.py "$work/cert.pem" "$work/key.pem"
sleep 1
kill -INT "$dump"
wait "$dump" || true
dump=""
cp "$work/services.pcap" services.pcap
echo "wrote services.pcap ($(tcpdump -r services.pcap 2>/dev/null | wc -l) packets)"
