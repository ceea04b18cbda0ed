using SockScope.Wire.Decoding;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Analysis.Statistics;

/// <summary>One source/destination pair a frame contributes to a table (ports 0 where there are none).</summary>
/// <param name="Source">The sender's address.</param>
/// <param name="Destination">The receiver's address.</param>
/// <param name="SourcePort">The sender's port (TCP/UDP), else 0.</param>
/// <param name="DestinationPort">The receiver's port (TCP/UDP), else 0.</param>
public readonly record struct AddressPair(StatAddress Source, StatAddress Destination, ushort SourcePort, ushort DestinationPort)
{
    /// <summary>How many pairs one frame can give at most (one per decoded layer).</summary>
    public const int MaxPerFrame = DecodedPacket.MaxLayers;

    /// <summary>
    /// Fills <paramref name="pairs"/> with what the frame gives a <paramref name="type"/> table, in
    /// layer order (outer first, as tshark's dissectors tap them), and returns how many. Read from
    /// the decoder's layers through the header views only. As in tshark (which reassembles), an
    /// IPv6 fragment that is not the last counts for no table, and the transport header of a
    /// fragmented datagram counts on its last fragment (<paramref name="fragments"/> remembers it).
    /// </summary>
    public static int Collect(TableType type, ReadOnlySpan<byte> frame, in DecodedPacket decoded, Span<AddressPair> pairs, FragmentPorts fragments)
    {
        int count = 0;
        var walker = new FrameWalker(frame, decoded, fragments, ViewKindOf(type));
        while (walker.MoveNext())
        {
            ref readonly TransportView view = ref walker.Current;
            if (count == pairs.Length) break;
            if (!view.Tapped) continue;
            switch (view.Kind)
            {
                case ViewKind.Ethernet when type == TableType.Ethernet:
                case ViewKind.Ipv4 when type == TableType.Ipv4:
                case ViewKind.Ipv6 when type == TableType.Ipv6:
                case ViewKind.Tcp when type == TableType.Tcp:
                case ViewKind.Udp when type == TableType.Udp:
                    pairs[count++] = view.Pair;
                    break;
            }
        }
        return count;
    }

    /// <summary>The layer a table of <paramref name="type"/> counts.</summary>
    internal static ViewKind ViewKindOf(TableType type) => type switch
    {
        TableType.Ethernet => ViewKind.Ethernet,
        TableType.Ipv4 => ViewKind.Ipv4,
        TableType.Ipv6 => ViewKind.Ipv6,
        TableType.Tcp => ViewKind.Tcp,
        _ => ViewKind.Udp,
    };
}
