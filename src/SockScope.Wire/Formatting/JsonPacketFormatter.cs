using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Arp;
using SockScope.Wire.Decoding;
using SockScope.Wire.Dns;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Formatting;

/// <summary>
/// One JSON object per packet, on one line: the frame, then one member per decoded layer
/// (eth, vlan, mpls, arp, ip, ipv6, tcp, udp, icmp, icmpv6, igmp, dns) and, when decoding stopped
/// early, an "error" member. Names are lower_snake_case; docs/json.md lists every field. Where a
/// layer occurs twice (tunnels) the outermost one is described; VLAN tags and MPLS label stack
/// entries are all listed. Writes into a reused <see cref="Utf8Builder"/> and allocates nothing per packet.
/// </summary>
public sealed class JsonPacketFormatter
{
    private DecodedPacket _decoded;

    /// <summary>Appends the packet's JSON object, without a trailing newline.</summary>
    public void Format(Utf8Builder output, LinkType linkType, ReadOnlySpan<byte> data, int originalLength, long timestampNanoseconds, long frameNumber)
    {
        PacketDecoder.DecodeInto(linkType, data, ref _decoded);
        var json = new JsonWriter(output);
        json.BeginObject();
        json.BeginObject("frame"u8);
        json.Number("number"u8, frameNumber);
        json.Number("len"u8, originalLength);
        json.Number("caplen"u8, data.Length);
        json.Timestamp("time"u8, timestampNanoseconds);
        json.Number("time_ns"u8, timestampNanoseconds);
        json.String("link_type"u8, LinkTypeName(linkType));
        json.EndObject();

        bool seenIp = false, seenIpv6 = false, seenTcp = false, seenUdp = false, seenIcmp = false, seenIcmpv6 = false, seenIgmp = false;
        // VLAN tags and MPLS entries are arrays of their layers; this is the one still open, or None.
        LayerKind openArray = LayerKind.None;
        // Where the innermost IP header so far says its payload ends (TCP's length is measured against it).
        long claimedEnd = data.Length;
        for (int i = 0; i < _decoded.Count; i++)
        {
            Layer layer = _decoded[i];
            ReadOnlySpan<byte> bytes = data[layer.Offset..];
            if (openArray != LayerKind.None && layer.Kind != openArray)
            {
                json.EndArray();
                openArray = LayerKind.None;
            }
            switch (layer.Kind)
            {
                case LayerKind.Ethernet:
                    EthernetFrame.TryCreate(bytes, out EthernetFrame eth, out _);
                    json.BeginObject("eth"u8);
                    json.Value("src"u8, eth.Source);
                    json.Value("dst"u8, eth.Destination);
                    json.Number("type"u8, (ushort)eth.EtherType);
                    json.EndObject();
                    break;
                case LayerKind.Vlan:
                    VlanTag.TryCreate(bytes, out VlanTag tag, out _);
                    OpenArray(ref json, ref openArray, LayerKind.Vlan, "vlan"u8);
                    json.BeginObject();
                    json.Number("id"u8, tag.VlanId);
                    json.Number("priority"u8, tag.Priority);
                    json.Bool("dei"u8, tag.DropEligible);
                    json.Number("type"u8, (ushort)tag.EtherType);
                    json.EndObject();
                    break;
                case LayerKind.Mpls:
                    MplsLabelEntry.TryRead(bytes, out MplsLabelEntry entry);
                    OpenArray(ref json, ref openArray, LayerKind.Mpls, "mpls"u8);
                    json.BeginObject();
                    json.Number("label"u8, entry.Label);
                    json.Number("tc"u8, entry.TrafficClass);
                    json.Bool("s"u8, entry.BottomOfStack);
                    json.Number("ttl"u8, entry.Ttl);
                    json.EndObject();
                    break;
                case LayerKind.Sll:
                case LayerKind.Sll2:
                    json.BeginObject("sll"u8);
                    if (layer.Kind == LayerKind.Sll)
                    {
                        Link.SllFrame.TryCreate(bytes, out Link.SllFrame sll, out _);
                        json.Number("packet_type"u8, (int)sll.PacketType);
                        json.Number("arphrd_type"u8, sll.ArphrdType);
                        json.Number("type"u8, (ushort)sll.Protocol);
                    }
                    else
                    {
                        Link.Sll2Frame.TryCreate(bytes, out Link.Sll2Frame sll2, out _);
                        json.Number("packet_type"u8, (int)sll2.PacketType);
                        json.Number("arphrd_type"u8, sll2.ArphrdType);
                        json.Number("type"u8, (ushort)sll2.Protocol);
                        json.Number("ifindex"u8, sll2.InterfaceIndex);
                    }
                    json.EndObject();
                    break;
                case LayerKind.NullLoopback:
                    Link.NullLoopbackFrame.TryCreate(bytes, linkType == LinkType.Loop, out Link.NullLoopbackFrame loop, out _);
                    json.BeginObject("null"u8);
                    json.Number("family"u8, loop.Family);
                    json.EndObject();
                    break;
                case LayerKind.Arp:
                    ArpPacket.TryCreate(bytes, out ArpPacket arp, out _);
                    json.BeginObject("arp"u8);
                    json.Number("opcode"u8, (int)arp.Operation);
                    json.Number("hardware_type"u8, arp.HardwareType);
                    json.Number("protocol_type"u8, (ushort)arp.ProtocolType);
                    if (arp.HardwareAddressLength == MacAddress.Size)
                    {
                        json.Value("sha"u8, arp.SenderMac);
                        json.Value("tha"u8, arp.TargetMac);
                    }
                    if (arp.ProtocolAddressLength == Ipv4Address.Size)
                    {
                        json.Value("spa"u8, arp.SenderIpv4);
                        json.Value("tpa"u8, arp.TargetIpv4);
                    }
                    json.EndObject();
                    break;
                case LayerKind.Ipv4:
                {
                    Ipv4Packet.TryCreate(bytes, out Ipv4Packet v4, out _);
                    claimedEnd = layer.Offset + (long)v4.Length;
                    if (seenIp) break;
                    seenIp = true;
                    json.BeginObject("ip"u8);
                    json.Value("src"u8, v4.Source);
                    json.Value("dst"u8, v4.Destination);
                    json.Number("proto"u8, (int)v4.Protocol);
                    json.Number("ttl"u8, v4.TimeToLive);
                    json.Number("len"u8, v4.Length);
                    if (v4.IsLengthPresumed) json.Bool("len_presumed"u8, true);
                    json.Number("hlen"u8, v4.HeaderLength);
                    json.Number("id"u8, v4.Identification);
                    json.Number("tos"u8, v4.TypeOfService);
                    json.Bool("df"u8, v4.DontFragment);
                    json.Bool("mf"u8, v4.MoreFragments);
                    json.Number("frag_offset"u8, v4.FragmentOffset);
                    json.String("checksum_status"u8, v4.IsHeaderChecksumValid ? "good"u8 : "bad"u8);
                    json.EndObject();
                    break;
                }
                case LayerKind.Ipv6:
                {
                    Ipv6Packet.TryCreate(bytes, out Ipv6Packet v6, out _);
                    // A zero payload length is a jumbogram (or bogus): the frame on the wire is the bound.
                    claimedEnd = v6.PayloadLength == 0 ? originalLength : layer.Offset + 40L + v6.PayloadLength;
                    if (seenIpv6) break;
                    seenIpv6 = true;
                    json.BeginObject("ipv6"u8);
                    json.Value("src"u8, v6.Source);
                    json.Value("dst"u8, v6.Destination);
                    json.Number("nxt"u8, (int)v6.NextHeader);
                    json.Number("hlim"u8, v6.HopLimit);
                    json.Number("plen"u8, v6.PayloadLength);
                    json.Number("class"u8, v6.TrafficClass);
                    json.Number("flow"u8, v6.FlowLabel);
                    json.EndObject();
                    break;
                }
                case LayerKind.Tcp when !seenTcp:
                {
                    seenTcp = true;
                    TcpSegment.TryCreate(bytes, out TcpSegment tcp, out _);
                    json.BeginObject("tcp"u8);
                    json.Number("src_port"u8, tcp.SourcePort);
                    json.Number("dst_port"u8, tcp.DestinationPort);
                    json.Number("seq"u8, tcp.SequenceNumber);
                    json.Number("ack"u8, tcp.AcknowledgmentNumber);
                    json.Number("flags"u8, (int)tcp.Flags);
                    json.FlagsText("flags_text"u8, (int)tcp.Flags);
                    json.Number("window"u8, tcp.Window);
                    json.Number("hlen"u8, tcp.HeaderLength);
                    json.Number("len"u8, Math.Max(0, claimedEnd - layer.End));
                    json.EndObject();
                    AppendDnsOverTcp(ref json, data, i, tcp.SourcePort, tcp.DestinationPort);
                    break;
                }
                case LayerKind.Udp when !seenUdp:
                {
                    seenUdp = true;
                    UdpDatagram.TryCreate(bytes, out UdpDatagram udp, out _);
                    json.BeginObject("udp"u8);
                    json.Number("src_port"u8, udp.SourcePort);
                    json.Number("dst_port"u8, udp.DestinationPort);
                    json.Number("length"u8, udp.Length);
                    json.EndObject();
                    if (udp.HasValidLength && (udp.SourcePort is 53 or 5353 || udp.DestinationPort is 53 or 5353))
                        AppendDns(ref json, udp.Payload);
                    break;
                }
                case LayerKind.Icmp when !seenIcmp:
                    seenIcmp = true;
                    AppendControlMessage(ref json, "icmp"u8, bytes, withCode: true);
                    break;
                case LayerKind.Icmpv6 when !seenIcmpv6:
                    seenIcmpv6 = true;
                    AppendControlMessage(ref json, "icmpv6"u8, bytes, withCode: true);
                    break;
                case LayerKind.Igmp when !seenIgmp:
                    seenIgmp = true;
                    AppendControlMessage(ref json, "igmp"u8, bytes, withCode: false);
                    break;
            }
        }
        if (openArray != LayerKind.None) json.EndArray();
        if (_decoded.StopError != WireError.None)
        {
            json.BeginObject("error"u8);
            json.String("layer"u8, LayerName(_decoded.StopLayer));
            json.String("reason"u8, ErrorName(_decoded.StopError));
            json.Number("offset"u8, _decoded.StopOffset);
            json.EndObject();
        }
        json.EndObject();
    }

    /// <summary>"icmp"/"icmpv6"/"igmp": the type byte, and the code byte where the protocol has one.</summary>
    /// <summary>Starts the array of <paramref name="kind"/>'s layers at its first layer.</summary>
    private static void OpenArray(ref JsonWriter json, ref LayerKind openArray, LayerKind kind, ReadOnlySpan<byte> name)
    {
        if (openArray == kind) return;
        json.BeginArray(name);
        openArray = kind;
    }

    private static void AppendControlMessage(ref JsonWriter json, ReadOnlySpan<byte> name, ReadOnlySpan<byte> message, bool withCode)
    {
        json.BeginObject(name);
        json.Number("type"u8, message[0]);
        if (withCode) json.Number("code"u8, message[1]);
        json.EndObject();
    }

    private void AppendDnsOverTcp(ref JsonWriter json, ReadOnlySpan<byte> data, int index, int sourcePort, int destinationPort)
    {
        if (sourcePort != 53 && destinationPort != 53) return;
        if (index + 1 >= _decoded.Count || _decoded[index + 1].Kind != LayerKind.Payload) return;
        Layer payload = _decoded[index + 1];
        ReadOnlySpan<byte> bytes = payload.HeaderOf(data);
        if (bytes.Length < 2) return;
        AppendDns(ref json, bytes[2..]);
    }

    private static void AppendDns(ref JsonWriter json, ReadOnlySpan<byte> message)
    {
        if (!DnsMessage.TryCreate(message, out DnsMessage dns, out _)) return;
        json.BeginObject("dns"u8);
        json.Number("id"u8, dns.Id);
        json.Bool("response"u8, dns.IsResponse);
        json.Number("qdcount"u8, dns.QuestionCount);
        json.Number("ancount"u8, dns.AnswerCount);
        if (dns.TryGetFirstQuestion(out DnsQuestion question))
        {
            Span<byte> name = stackalloc byte[DnsName.MaxTextLength];
            if (DnsName.TryWrite(message, question.NameOffset, name, out int written, out _) == WireError.None)
            {
                // Presentation form ends with the root dot; the JSON name drops it ("." stays for the root).
                if (written > 1 && name[written - 1] == (byte)'.') written--;
                json.String("qname"u8, name[..written]);
            }
            json.Number("qtype"u8, (int)question.Type);
        }
        json.EndObject();
    }

    private static ReadOnlySpan<byte> LinkTypeName(LinkType type) => type switch
    {
        LinkType.Ethernet => "EN10MB"u8,
        LinkType.LinuxSll => "LINUX_SLL"u8,
        LinkType.LinuxSll2 => "LINUX_SLL2"u8,
        LinkType.Null => "NULL"u8,
        LinkType.Loop => "LOOP"u8,
        LinkType.Raw => "RAW"u8,
        LinkType.Ipv4 => "IPV4"u8,
        LinkType.Ipv6 => "IPV6"u8,
        _ => "other"u8,
    };

    private static ReadOnlySpan<byte> LayerName(LayerKind kind) => kind switch
    {
        LayerKind.Ethernet => "eth"u8,
        LayerKind.Vlan => "vlan"u8,
        LayerKind.Sll or LayerKind.Sll2 => "sll"u8,
        LayerKind.NullLoopback => "null"u8,
        LayerKind.Arp => "arp"u8,
        LayerKind.Ipv4 => "ip"u8,
        LayerKind.Ipv6 => "ipv6"u8,
        LayerKind.Ipv6HopByHop => "ipv6_hopopts"u8,
        LayerKind.Ipv6Routing => "ipv6_routing"u8,
        LayerKind.Ipv6Fragment => "ipv6_fragment"u8,
        LayerKind.Ipv6DestinationOptions => "ipv6_dstopts"u8,
        LayerKind.Ipv6Authentication => "ipv6_ah"u8,
        LayerKind.Ipv6Mobility => "ipv6_mobility"u8,
        LayerKind.Tcp => "tcp"u8,
        LayerKind.Udp => "udp"u8,
        LayerKind.Icmp => "icmp"u8,
        LayerKind.Icmpv6 => "icmpv6"u8,
        LayerKind.Igmp => "igmp"u8,
        LayerKind.Payload => "payload"u8,
        LayerKind.Gre => "gre"u8,
        LayerKind.Authentication => "ah"u8,
        LayerKind.Mpls => "mpls"u8,
        _ => "link"u8,
    };

    private static ReadOnlySpan<byte> ErrorName(WireError error) => error switch
    {
        WireError.Truncated => "truncated"u8,
        WireError.BadVersion => "bad_version"u8,
        WireError.BadHeaderLength => "bad_header_length"u8,
        WireError.BadLength => "bad_length"u8,
        WireError.BadOption => "bad_option"u8,
        WireError.BadChecksum => "bad_checksum"u8,
        WireError.Loop => "loop"u8,
        WireError.Unsupported => "unsupported"u8,
        _ => "none"u8,
    };

    /// <summary>Writes JSON members with commas in the right places; strings are escaped.</summary>
    private struct JsonWriter(Utf8Builder output)
    {
        private readonly Utf8Builder _out = output;
        private bool _needComma;

        public void BeginObject(ReadOnlySpan<byte> name = default)
        {
            Name(name);
            _out.Append('{');
            _needComma = false;
        }

        public void EndObject()
        {
            _out.Append('}');
            _needComma = true;
        }

        public void BeginArray(ReadOnlySpan<byte> name)
        {
            Name(name);
            _out.Append('[');
            _needComma = false;
        }

        public void EndArray()
        {
            _out.Append(']');
            _needComma = true;
        }

        public void Number(ReadOnlySpan<byte> name, long value)
        {
            Name(name);
            _out.Append(value);
            _needComma = true;
        }

        public void Bool(ReadOnlySpan<byte> name, bool value)
        {
            Name(name);
            _out.Append(value ? "true"u8 : "false"u8);
            _needComma = true;
        }

        public void Value<T>(ReadOnlySpan<byte> name, T value) where T : IUtf8SpanFormattable
        {
            Name(name);
            _out.Append('"').Append(value).Append('"');
            _needComma = true;
        }

        /// <summary>Epoch seconds with nine decimals, as a string (a double would lose the nanoseconds).</summary>
        public void Timestamp(ReadOnlySpan<byte> name, long nanoseconds)
        {
            Name(name);
            long seconds = Math.DivRem(nanoseconds, 1_000_000_000L, out long fraction);
            if (fraction < 0)
            {
                seconds--;
                fraction += 1_000_000_000L;
            }
            _out.Append('"').Append(seconds).Append('.');
            Span<byte> digits = stackalloc byte[9];
            for (int i = 8; i >= 0; i--)
            {
                digits[i] = (byte)('0' + fraction % 10);
                fraction /= 10;
            }
            _out.Append(digits).Append('"');
            _needComma = true;
        }

        public void FlagsText(ReadOnlySpan<byte> name, int flags)
        {
            Name(name);
            _out.Append('"');
            ReadOnlySpan<byte> letters = "FSRP.UEW"u8;
            for (int bit = 0; bit < 8; bit++)
                if ((flags & (1 << bit)) != 0) _out.Append(letters[bit]);
            _out.Append('"');
            _needComma = true;
        }

        public void String(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            Name(name);
            _out.Append('"');
            foreach (byte c in value)
            {
                if (c == (byte)'"' || c == (byte)'\\') _out.Append('\\').Append(c);
                else if (c < 0x20 || c >= 0x7F) _out.Append("\\u00"u8).AppendHex(c, 2);
                else _out.Append(c);
            }
            _out.Append('"');
            _needComma = true;
        }

        /// <summary>The comma before a field and its quoted name with the colon, written in one reserved span.</summary>
        private void Name(ReadOnlySpan<byte> name)
        {
            if (name.IsEmpty)
            {
                if (_needComma) _out.Append(',');
                return;
            }
            Span<byte> span = _out.GetSpan(name.Length + 4);
            int i = 0;
            if (_needComma) span[i++] = (byte)',';
            span[i++] = (byte)'"';
            // Names are short literals ("src", "ttl"): copied byte by byte, they cost less than the
            // call to Memmove that took a quarter of `read --json`'s time.
            Span<byte> target = span.Slice(i, name.Length);
            for (int k = 0; k < name.Length; k++) target[k] = name[k];
            i += name.Length;
            span[i++] = (byte)'"';
            span[i++] = (byte)':';
            _out.Advance(i);
        }
    }
}
