using SockScope.Analysis.Defragmentation;
using SockScope.Wire;
using SockScope.Wire.Decoding;
using SockScope.Wire.Ip;
using static SockScope.Analysis.Tests.Defragmentation.FragmentFactory;

namespace SockScope.Analysis.Tests.Defragmentation;

public sealed class IpDefragmenterTests
{
    private const long Second = 1_000_000_000;

    [Fact]
    public void APacketThatIsNotAFragmentComesBackUnchanged()
    {
        var d = new IpDefragmenter();
        byte[] whole = V4(1, 0, false, Udp(10));
        whole[6] = 0x40; // DF, not a fragment
        Assert.Equal(DefragmentationResult.NotFragmented, d.Process(whole, 0, out ReadOnlySpan<byte> datagram));
        Assert.True(datagram.SequenceEqual(whole));
        Assert.Equal(0, d.Statistics.Fragments);
    }

    [Fact]
    public void Ipv4FragmentsOutOfOrderWithADuplicateReassembleIntoADecodableDatagram()
    {
        byte[] udp = Udp(3000);
        var d = new IpDefragmenter();
        byte[] f0 = V4(7, 0, true, udp.AsSpan(0, 1480));
        byte[] f1 = V4(7, 1480, true, udp.AsSpan(1480, 1480));
        byte[] f2 = V4(7, 2960, false, udp.AsSpan(2960));
        Assert.Equal(DefragmentationResult.Held, d.Process(f2, 0, out _));
        Assert.Equal(DefragmentationResult.Held, d.Process(f0, 1, out _));
        Assert.Equal(DefragmentationResult.Duplicate, d.Process(f0, 2, out _));
        Assert.Equal(DefragmentationResult.Reassembled, d.Process(f1, 3, out ReadOnlySpan<byte> datagram));

        Assert.Equal(20 + udp.Length, datagram.Length);
        Assert.True(Ipv4Packet.TryCreate(datagram, out Ipv4Packet ip, out _));
        Assert.False(ip.IsFragment);
        Assert.True(ip.IsHeaderChecksumValid);
        Assert.Equal(datagram.Length, ip.TotalLength);
        Assert.True(ip.Payload.SequenceEqual(udp));
        PacketDecoder.Decode(LinkType.Raw, datagram, out DecodedPacket decoded);
        Assert.True(decoded.Contains(LayerKind.Udp));
        Assert.Equal(WireError.None, decoded.StopError);

        DefragmentationStatistics s = d.Statistics;
        Assert.Equal((4L, 1L, 1L, 0), (s.Fragments, s.Reassembled, s.Duplicates, s.PendingDatagrams));
        Assert.Equal(0, s.BufferedBytes);
    }

    [Fact]
    public void Ipv4OverlapsKeepTheFirstCopyOrDropWhenAskedTo()
    {
        byte[] first = Payload(16, 1), second = Payload(16, 100);
        var d = new IpDefragmenter();
        d.Process(V4(9, 0, true, first), 0, out _);
        Assert.Equal(DefragmentationResult.Reassembled, d.Process(V4(9, 8, false, second), 0, out ReadOnlySpan<byte> datagram));
        Assert.True(datagram[20..36].SequenceEqual(first));
        Assert.True(datagram[36..].SequenceEqual(second.AsSpan(8)));

        var strict = new IpDefragmenter(new DefragmentationOptions { DropOverlappingIpv4 = true });
        strict.Process(V4(9, 0, true, first), 0, out _);
        Assert.Equal(DefragmentationResult.Overlap, strict.Process(V4(9, 8, false, second), 0, out _));
        Assert.Equal(1, strict.Statistics.OverlapDrops);
        Assert.Equal(0, strict.Statistics.PendingDatagrams);
    }

    [Fact]
    public void Ipv6FragmentsReassembleAndTheFragmentHeaderIsRemoved()
    {
        byte[] udp = Udp(2000);
        var d = new IpDefragmenter();
        Assert.Equal(DefragmentationResult.Held, d.Process(V6(0xABCD, 1232, false, udp.AsSpan(1232)), 0, out _));
        Assert.Equal(DefragmentationResult.Reassembled, d.Process(V6(0xABCD, 0, true, udp.AsSpan(0, 1232)), 0, out ReadOnlySpan<byte> datagram));
        Assert.Equal(40 + 8 + udp.Length, datagram.Length);
        Assert.True(Ipv6Packet.TryCreate(datagram, out Ipv6Packet ip, out _));
        Assert.Equal(8 + udp.Length, ip.PayloadLength);
        Assert.Equal(17, datagram[40]); // the destination options header now names UDP
        Assert.True(datagram[48..].SequenceEqual(udp));
        PacketDecoder.Decode(LinkType.Raw, datagram, out DecodedPacket decoded);
        Assert.True(decoded.Contains(LayerKind.Udp));
        Assert.False(decoded.Contains(LayerKind.Ipv6Fragment));
    }

    [Fact]
    public void Ipv6OverlapsDropTheDatagram()
    {
        var d = new IpDefragmenter();
        d.Process(V6(5, 0, true, Payload(16)), 0, out _);
        Assert.Equal(DefragmentationResult.Overlap, d.Process(V6(5, 8, true, Payload(16)), 0, out _));
        Assert.Equal(0, d.Statistics.PendingDatagrams);
        // What follows starts a new datagram that never completes.
        Assert.Equal(DefragmentationResult.Held, d.Process(V6(5, 24, false, Payload(8)), 0, out _));
    }

    [Fact]
    public void IncompleteDatagramsTimeOutAfterTheirVersionsTimeout()
    {
        var d = new IpDefragmenter();
        d.Process(V4(1, 0, true, Payload(8)), 0, out _);
        d.Process(V6(1, 0, true, Payload(8)), 0, out _);
        Assert.Equal(0, d.ExpireOlderThan(29 * Second));
        Assert.Equal(1, d.ExpireOlderThan(30 * Second));
        Assert.Equal(1, d.Statistics.PendingDatagrams);
        // The late last fragment of the IPv4 datagram starts a new one instead of completing the old.
        Assert.Equal(DefragmentationResult.Held, d.Process(V4(1, 8, false, Payload(8)), 31 * Second, out _));
        Assert.Equal(1, d.ExpireOlderThan(60 * Second));
        Assert.Equal(2, d.Statistics.TimedOut);

        var quick = new IpDefragmenter(new DefragmentationOptions { Ipv4Timeout = TimeSpan.FromSeconds(1) });
        quick.Process(V4(1, 0, true, Payload(8)), 0, out _);
        Assert.Equal(1, quick.ExpireOlderThan(Second));
    }

    [Fact]
    public void TheByteCapEvictsTheOldestDatagrams()
    {
        var d = new IpDefragmenter(new DefragmentationOptions { MaxBufferedBytes = 3 * 4096 });
        for (ushort id = 0; id < 20; id++) d.Process(V4(id, 0, true, Payload(1480)), id, out _);
        DefragmentationStatistics s = d.Statistics;
        Assert.True(s.BufferedBytes <= 3 * 4096, $"{s.BufferedBytes}");
        Assert.True(s.Evicted > 0);
        Assert.Equal(20, s.Evicted + s.PendingDatagrams);
        // The newest survives and completes.
        Assert.Equal(DefragmentationResult.Reassembled, d.Process(V4(19, 1480, false, Payload(8)), 20, out _));
    }

    [Fact]
    public void ADatagramLongerThan65535BytesIsInvalid()
    {
        var d = new IpDefragmenter();
        d.Process(V4(3, 0, true, Payload(1480)), 0, out _);
        Assert.Equal(DefragmentationResult.Invalid, d.Process(V4(3, 65528, false, Payload(100)), 0, out _));
        Assert.Equal(0, d.Statistics.PendingDatagrams);
    }

    [Fact]
    public void InconsistentEndsAreInvalid()
    {
        var d = new IpDefragmenter();
        d.Process(V4(4, 16, true, Payload(16)), 0, out _);
        Assert.Equal(DefragmentationResult.Invalid, d.Process(V4(4, 8, false, Payload(8)), 0, out _));
        Assert.Equal(1, d.Statistics.Invalid);
    }

    [Fact]
    public void DifferentIdentificationsOrSourcesAreDifferentDatagrams()
    {
        var d = new IpDefragmenter();
        d.Process(V4(1, 0, true, Payload(8)), 0, out _);
        d.Process(V4(1, 0, true, Payload(8), lastOctet: 9), 0, out _);
        d.Process(V4(2, 0, true, Payload(8)), 0, out _);
        Assert.Equal(3, d.Statistics.PendingDatagrams);
    }

    [Fact]
    public void AnIpv6PayloadLengthEndingInsideTheFragmentHeaderIsNotAFragment()
    {
        // Corpus capture ipv6_frag6_negative_len.pcap: the walker cannot step over a cut fragment header.
        byte[] p = V6(1, 0, true, Payload(16));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), 12);
        var d = new IpDefragmenter();
        Assert.Equal(DefragmentationResult.NotFragmented, d.Process(p, 0, out _));
    }
}
