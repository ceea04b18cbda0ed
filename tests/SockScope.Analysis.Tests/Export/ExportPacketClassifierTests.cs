using SockScope.Analysis.Export;
using SockScope.Wire;
using SockScope.Wire.Decoding;
using static SockScope.Analysis.Tests.Export.ExportFrames;

namespace SockScope.Analysis.Tests.Export;

public sealed class ExportPacketClassifierTests
{
    [Fact]
    public void Udp_gives_ports_and_counts_bytes_from_the_ip_header()
    {
        ExportPacket p = Classify(Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(5353, 53, 10), tos: 0x10));
        Assert.Equal(0x0A000001UL, p.SourceLow);
        Assert.Equal(0x0A000002UL, p.DestinationLow);
        Assert.Equal((byte)17, p.Protocol);
        Assert.Equal((ushort)5353, p.SourcePort);
        Assert.Equal((ushort)53, p.DestinationPort);
        Assert.Equal(38u, p.Bytes);
        Assert.Equal((byte)0x10, p.TypeOfService);
    }

    [Fact]
    public void Bytes_follow_the_original_length_of_a_cut_capture()
    {
        byte[] frame = Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(1, 2, 1000));
        ExportPacket p = Classify(frame[..60], originalLength: frame.Length);
        Assert.Equal((uint)frame.Length, p.Bytes);
        Assert.Equal((ushort)2, p.DestinationPort);
    }

    [Fact]
    public void Icmp_is_keyed_by_type_and_code_in_the_destination_port()
    {
        ExportPacket p = Classify(Ipv4(1, "10.0.0.1", "10.0.0.2", Icmp(8, 0)));
        Assert.Equal((ushort)0, p.SourcePort);
        Assert.Equal((ushort)(8 * 256), p.DestinationPort);
        ExportPacket unreachable = Classify(Ipv4(1, "10.0.0.2", "10.0.0.1", Icmp(3, 3)));
        Assert.Equal((ushort)(3 * 256 + 3), unreachable.DestinationPort);
    }

    [Fact]
    public void Tcp_gives_ports_and_flags()
    {
        ExportPacket p = Classify(Ipv4(6, "10.0.0.1", "10.0.0.2", Tcp(40000, 80, 0x12)));
        Assert.Equal((ushort)40000, p.SourcePort);
        Assert.Equal((ushort)80, p.DestinationPort);
        Assert.Equal((byte)0x12, p.TcpFlags);
    }

    [Fact]
    public void A_later_ipv4_fragment_keeps_its_protocol_with_ports_zero()
    {
        ExportPacket first = Classify(Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(1000, 2000, 16), flagsAndOffset: 0x2000));
        Assert.Equal((ushort)2000, first.DestinationPort);
        Assert.True(first.IsFragment);
        ExportPacket later = Classify(Ipv4(17, "10.0.0.1", "10.0.0.2", new byte[24], flagsAndOffset: 3));
        Assert.Equal((byte)17, later.Protocol);
        Assert.Equal((ushort)0, later.SourcePort);
        Assert.Equal((ushort)0, later.DestinationPort);
    }

    [Fact]
    public void A_later_ipv6_fragment_is_protocol_zero_as_softflowd_counts_it()
    {
        // Fragment header: next header UDP, offset 8 bytes (1 unit), M=0.
        byte[] fragment = [17, 0, 0, 8, 0, 0, 0, 7, .. new byte[16]];
        ExportPacket later = Classify(Ipv6(44, "fd00::1", "fd00::2", fragment));
        Assert.True(later.IsIpv6);
        Assert.Equal((byte)0, later.Protocol);
        Assert.Equal((ushort)0, later.DestinationPort);

        byte[] firstFragment = [17, 0, 0, 1, 0, 0, 0, 7, .. Udp(7, 9)];
        ExportPacket first = Classify(Ipv6(44, "fd00::1", "fd00::2", firstFragment));
        Assert.Equal((byte)17, first.Protocol);
        Assert.Equal((ushort)9, first.DestinationPort);
    }

    [Fact]
    public void Ipv6_icmp_and_addresses()
    {
        ExportPacket p = Classify(Ipv6(58, "fd00::1", "fd00::2", [128, 0, 0, 0, 0, 1, 0, 1]));
        Assert.Equal(0xFD00_0000_0000_0000UL, p.SourceHigh);
        Assert.Equal(1UL, p.SourceLow);
        Assert.Equal((byte)58, p.Protocol);
        Assert.Equal((ushort)(128 * 256), p.DestinationPort);
        Assert.Equal(48u, p.Bytes);
    }

    [Fact]
    public void A_short_tcp_header_is_counted_with_ports_zero()
    {
        ExportPacket p = Classify(Ipv4(6, "10.0.0.1", "10.0.0.2", new byte[10]));
        Assert.Equal((byte)6, p.Protocol);
        Assert.Equal((ushort)0, p.SourcePort);
        Assert.Equal(30u, p.Bytes);
    }

    [Fact]
    public void Non_ip_frames_are_not_counted()
    {
        byte[] arp = [.. new byte[12], 0x08, 0x06, .. new byte[28]];
        PacketDecoder.Decode(LinkType.Ethernet, arp, out DecodedPacket decoded);
        Assert.False(ExportPacketClassifier.TryClassify(arp, arp.Length, decoded, out _));
        byte[] garbage = [0x45, 0, 0];
        PacketDecoder.Decode(LinkType.Raw, garbage, out decoded);
        Assert.False(ExportPacketClassifier.TryClassify(garbage, garbage.Length, decoded, out _));
    }

    // The decoder rejects these headers (tcpdump prints "bad-hlen", "bad-len", "[|tcp]"); softflowd
    // counts them from what was captured, and so does the export, so that a collector fed by either
    // probe stores the same flows.

    [Fact]
    public void An_ipv4_header_length_below_five_words_is_read_where_it_points_as_softflowd_does()
    {
        byte[] frame = Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(5353, 53));
        frame[0] = 0x44;   // 16-byte header: the "transport" starts at the destination address
        ExportPacket p = Classify(frame);
        Assert.Equal(0x0A000001UL, p.SourceLow);
        Assert.Equal((byte)17, p.Protocol);
        Assert.Equal((ushort)0x0A00, p.SourcePort);
        Assert.Equal((ushort)0x0002, p.DestinationPort);
        Assert.Equal((uint)frame.Length, p.Bytes);
    }

    [Fact]
    public void An_ipv4_total_length_below_the_header_is_still_counted()
    {
        byte[] frame = Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(5353, 53));
        frame[2] = 0; frame[3] = 19;
        ExportPacket p = Classify(frame);
        Assert.Equal((ushort)53, p.DestinationPort);
    }

    [Fact]
    public void A_tcp_data_offset_below_five_still_gives_the_ports()
    {
        byte[] tcp = Tcp(40000, 80, 0x10);
        tcp[12] = 0x20;
        ExportPacket p = Classify(Ipv4(6, "10.0.0.1", "10.0.0.2", tcp));
        Assert.Equal((ushort)40000, p.SourcePort);
        Assert.Equal((ushort)80, p.DestinationPort);
        Assert.Equal((byte)0x10, p.TcpFlags);
    }

    [Fact]
    public void An_ipv6_payload_length_of_zero_is_read_on_into_the_capture_as_big_tcp()
    {
        byte[] frame = Ipv6(6, "fd00::1", "fd00::2", Tcp(43267, 41219, 0x18));
        frame[4] = 0; frame[5] = 0;
        ExportPacket p = Classify(frame);
        Assert.Equal((byte)6, p.Protocol);
        Assert.Equal((ushort)43267, p.SourcePort);
        Assert.Equal((ushort)41219, p.DestinationPort);

        // A later fragment behind a zero payload length: protocol 0, as for any later fragment.
        byte[] later = Ipv6(44, "fd00::1", "fd00::2", [17, 0, 0x05, 0x00, 0, 0, 0, 7, .. new byte[16]]);
        later[4] = 0; later[5] = 0;
        Assert.Equal((byte)0, Classify(later).Protocol);
    }

    [Fact]
    public void A_runt_ipv4_header_or_a_wrong_version_is_not_counted()
    {
        byte[] frame = Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(1, 2));
        frame[0] = 0x4F;   // 60-byte header, 32 bytes captured
        PacketDecoder.Decode(LinkType.Raw, frame, out DecodedPacket decoded);
        Assert.False(ExportPacketClassifier.TryClassify(frame, frame.Length, decoded, out _));
    }

    [Fact]
    public void Mpls_labels_are_skipped_to_the_ip_header_and_counted_in_the_bytes_as_softflowd_counts_them()
    {
        byte[] ip = Ipv4(17, "192.168.0.1", "127.0.0.1", Udp(3503, 3503));
        // Ethernet with EtherType 0x8847, one label stack entry: label 16006, bottom of stack, TTL 255.
        byte[] frame = [.. new byte[12], 0x88, 0x47, 0x03, 0xE8, 0x61, 0xFF, .. ip];
        PacketDecoder.Decode(LinkType.Ethernet, frame, out DecodedPacket decoded);
        Assert.True(ExportPacketClassifier.TryClassify(frame, frame.Length, decoded, out ExportPacket p));
        Assert.Equal((ushort)3503, p.DestinationPort);
        Assert.Equal((uint)(ip.Length + 4), p.Bytes);
    }
}
