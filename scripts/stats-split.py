#!/usr/bin/env python3
"""Splits tshark -q -z output (or sockscope stats output) into its blocks and names each block by
the spec that made it. Used by scripts/stats-compare.sh; reads stdin, prints JSON {spec: text}.
The specs are given in the order they were passed on the command line; the blocks come out in the
reverse order (tshark prints the last -z first), so block i belongs to spec n-1-i.

With --phs-known, an io,phs block loses the lines of protocols SockScope does not decode (and
everything below them): tshark also names application protocols; that comparison is reported
separately as 'normalized'."""
import json, re, sys

KNOWN = {"eth", "vlan", "sll", "null", "raw", "arp", "ip", "ipv6", "tcp", "udp", "icmp", "icmpv6", "igmp"}

def starts(lines):
    out = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if re.fullmatch(r"=+", line) and (nxt.endswith(" Conversations") or nxt.endswith(" Endpoints")):
            out.append(i)
        elif line == "" and i + 2 < len(lines) and re.fullmatch(r"=+", nxt) and (
                lines[i + 2].startswith("| IO Statistics") or lines[i + 2] == "Protocol Hierarchy Statistics"
                or lines[i + 2].startswith("Follow: ")):
            out.append(i)
    return out

def phs_known(block):
    out, skip_below = [], None
    for line in block.split("\n"):
        m = re.match(r"^( *)(\S+) +frames:", line)
        if not m:
            out.append(line)
            continue
        depth = len(m.group(1)) // 2
        if skip_below is not None and depth > skip_below:
            continue
        skip_below = None
        if m.group(2) not in KNOWN:
            skip_below = depth
            continue
        out.append(line)
    return "\n".join(out)

def blocks(text, specs, normalize):
    lines = text.split("\n")
    idx = starts(lines)
    blocks = []
    for k, s in enumerate(idx):
        e = idx[k + 1] if k + 1 < len(idx) else len(lines)
        blocks.append("\n".join(lines[s:e]))
    result = {}
    if len(blocks) == len(specs):
        for i, b in enumerate(blocks):
            spec = specs[len(specs) - 1 - i]
            result[spec] = phs_known(b) if normalize and spec == "io,phs" else b
    return result

def main():
    specs = [a for a in sys.argv[1:] if not a.startswith("--")]
    json.dump(blocks(sys.stdin.read(), specs, "--phs-known" in sys.argv), sys.stdout)

if __name__ == "__main__" and len(sys.argv) > 1:
    main()
