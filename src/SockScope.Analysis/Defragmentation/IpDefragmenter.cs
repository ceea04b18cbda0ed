using System.Buffers;
using System.Buffers.Binary;
using SockScope.Wire;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;
using SockScope.Wire.Ip;

namespace SockScope.Analysis.Defragmentation;

/// <summary>
/// Reassembles fragmented IPv4 and IPv6 datagrams. Feed it IP packets (starting at the IP header);
/// a packet that is not a fragment comes straight back, a fragment is held, and the fragment that
/// completes a datagram returns the whole datagram (header fixed up: no fragment fields, IPv6
/// fragment header removed, lengths and IPv4 checksum rewritten) ready for
/// <see cref="Wire.Decoding.PacketDecoder"/> with <see cref="LinkType.Raw"/>.
/// </summary>
/// <remarks>
/// Fragments may arrive in any order; exact duplicates are ignored; overlaps drop an IPv6 datagram
/// (RFC 5722) and, for IPv4, keep the first copy unless <see cref="DefragmentationOptions.DropOverlappingIpv4"/>.
/// Incomplete datagrams time out (30 s IPv4, 60 s IPv6 by default, measured in packet time) and are
/// evicted oldest first when the byte cap is reached; both are counted in <see cref="Statistics"/>.
/// Buffers come from the shared array pool and are reused. Not thread-safe.
/// </remarks>
public sealed class IpDefragmenter
{
    private const int MaxIpv4Datagram = 65535;
    private const int Ipv6FixedHeader = 40;

    private readonly DefragmentationOptions _options;
    private readonly long _ipv4TimeoutNs;
    private readonly long _ipv6TimeoutNs;
    private readonly Dictionary<FragmentKey, PendingDatagram> _pending = new();
    private readonly Stack<PendingDatagram> _spare = new();
    // Oldest first, one list per IP version so each list is ordered by its own timeout.
    private readonly PendingDatagram?[] _head = new PendingDatagram?[2];
    private readonly PendingDatagram?[] _tail = new PendingDatagram?[2];
    private byte[] _output = [];
    private long _bufferedBytes;
    private long _fragments, _reassembled, _duplicates, _overlaps, _invalid, _timedOut, _evicted;

    /// <summary>Creates a defragmenter.</summary>
    /// <param name="options">Timeouts, caps and overlap policy (null: <see cref="DefragmentationOptions.Default"/>).</param>
    public IpDefragmenter(DefragmentationOptions? options = null)
    {
        _options = options ?? DefragmentationOptions.Default;
        _ipv4TimeoutNs = _options.Ipv4Timeout.Ticks * 100;
        _ipv6TimeoutNs = _options.Ipv6Timeout.Ticks * 100;
    }

    /// <summary>The options in force.</summary>
    public DefragmentationOptions Options => _options;

    /// <summary>Counters since creation, and what is held now.</summary>
    public DefragmentationStatistics Statistics => new()
    {
        Fragments = _fragments,
        Reassembled = _reassembled,
        Duplicates = _duplicates,
        OverlapDrops = _overlaps,
        Invalid = _invalid,
        TimedOut = _timedOut,
        Evicted = _evicted,
        PendingDatagrams = _pending.Count,
        BufferedBytes = _bufferedBytes,
    };

    /// <summary>
    /// Processes one IP packet. <paramref name="datagram"/> is the packet itself when it is not a
    /// fragment, the reassembled datagram when this fragment completed one (valid until the next
    /// call), and empty otherwise. Malformed packets that are not recognisable fragments come back
    /// as <see cref="DefragmentationResult.NotFragmented"/> for the decoder to report.
    /// </summary>
    /// <param name="ipPacket">The packet from its IP header on (IPv4 or IPv6, told by the version nibble).</param>
    /// <param name="timestampNanoseconds">The packet's time (ns since the epoch); drives the timeouts.</param>
    /// <param name="datagram">The datagram to decode further, or empty.</param>
    public DefragmentationResult Process(ReadOnlySpan<byte> ipPacket, long timestampNanoseconds, out ReadOnlySpan<byte> datagram)
    {
        datagram = ipPacket;
        if (ipPacket.IsEmpty) return DefragmentationResult.NotFragmented;
        int version = ipPacket[0] >> 4;
        if (version == 4)
        {
            if (!Ipv4Packet.TryCreate(ipPacket, out Ipv4Packet ip, out _) || !ip.IsFragment) return DefragmentationResult.NotFragmented;
            datagram = default;
            ExpireOlderThan(timestampNanoseconds);
            _fragments++;
            if (ip.IsPayloadTruncated) return Count(DefragmentationResult.Invalid);
            Ipv4Address src = ip.Source, dst = ip.Destination;
            var key = new FragmentKey(0, src.Value, 0, dst.Value, ip.Identification, (byte)ip.Protocol, 4);
            return Add(key, ip.FragmentOffset, ip.MoreFragments, ip.Payload, ip.Header, 0, 0, timestampNanoseconds, out datagram);
        }
        if (version == 6)
        {
            if (!Ipv6Packet.TryCreate(ipPacket, out Ipv6Packet ip, out _)) return DefragmentationResult.NotFragmented;
            Ipv6ExtensionWalker walker = ip.Extensions;
            int previousField = IpFieldOffsets.Ipv6NextHeader;
            while (walker.MoveNext())
            {
                Ipv6Extension ext = walker.Current;
                if (ext.Type != IpProtocol.Fragment)
                {
                    previousField = Ipv6FixedHeader + walker.Offset;
                    continue;
                }
                datagram = default;
                ExpireOlderThan(timestampNanoseconds);
                _fragments++;
                if (ip.IsPayloadTruncated) return Count(DefragmentationResult.Invalid);
                int unfragmentable = Ipv6FixedHeader + walker.Offset;
                // What follows the fragment header within the payload length (the walker has just stepped over it).
                ReadOnlySpan<byte> data = walker.UpperPayload;
                Ipv6Address src = ip.Source, dst = ip.Destination;
                var key = new FragmentKey(src.High, src.Low, dst.High, dst.Low, ext.FragmentIdentification, 0, 6);
                return Add(key, ext.FragmentOffset, ext.MoreFragments, data, ipPacket[..unfragmentable], previousField, (byte)ext.NextHeader,
                    timestampNanoseconds, out datagram);
            }
        }
        return DefragmentationResult.NotFragmented;
    }

    /// <summary>Drops incomplete datagrams whose timeout has passed at <paramref name="nowNanoseconds"/> (packet time); returns how many.</summary>
    public int ExpireOlderThan(long nowNanoseconds)
    {
        int expired = 0;
        for (int v = 0; v < 2; v++)
        {
            long timeout = v == 0 ? _ipv4TimeoutNs : _ipv6TimeoutNs;
            while (_head[v] is { } oldest && nowNanoseconds - oldest.FirstSeen >= timeout)
            {
                Drop(oldest);
                _timedOut++;
                expired++;
            }
        }
        return expired;
    }

    /// <summary>Drops every incomplete datagram (end of input) without counting them as timed out; returns how many.</summary>
    public int Clear()
    {
        int count = _pending.Count;
        for (int v = 0; v < 2; v++)
            while (_head[v] is { } oldest) Drop(oldest);
        return count;
    }

    private DefragmentationResult Add(FragmentKey key, int offset, bool more, ReadOnlySpan<byte> data, ReadOnlySpan<byte> header,
        int nextHeaderField, byte upperProtocol, long now, out ReadOnlySpan<byte> datagram)
    {
        datagram = default;
        int end = offset + data.Length;
        bool v6 = key.Version == 6;
        if (end > MaxIpv4Datagram - (v6 ? 0 : header.Length))
        {
            // Larger than any datagram can be (the "ping of death").
            if (_pending.TryGetValue(key, out PendingDatagram? tooLong)) Drop(tooLong);
            return Count(DefragmentationResult.Invalid);
        }
        if (offset == 0 && !more)
        {
            // An atomic fragment (RFC 6946): a whole datagram on its own, never mixed with queued fragments.
            return Complete(header, data, nextHeaderField, upperProtocol, v6, out datagram);
        }
        if (!more && data.IsEmpty && offset == 0) return Count(DefragmentationResult.Invalid);

        if (!_pending.TryGetValue(key, out PendingDatagram? pending))
        {
            pending = _spare.Count > 0 ? _spare.Pop() : new PendingDatagram();
            pending.Reset(key, now);
            _pending.Add(key, pending);
            Link(pending);
        }

        // Consistency of the end: one last fragment, nothing beyond it.
        if (!more)
        {
            if ((pending.TotalLength >= 0 && pending.TotalLength != end) || LastEnd(pending) > end) return DropInvalid(pending);
        }
        else if (pending.TotalLength >= 0 && end > pending.TotalLength) return DropInvalid(pending);

        bool overlaps = false;
        foreach ((int o, int e) in pending.Fragments)
        {
            if (o == offset && e == end)
            {
                _duplicates++;
                return DefragmentationResult.Duplicate;
            }
            if (o < end && offset < e) overlaps = true;
        }
        if (overlaps && (v6 || _options.DropOverlappingIpv4))
        {
            Drop(pending);
            _overlaps++;
            return DefragmentationResult.Overlap;
        }
        if (pending.Fragments.Count >= _options.MaxFragmentsPerDatagram) return DropInvalid(pending);

        if (!EnsureCapacity(pending, end, offset == 0 ? header.Length : 0))
        {
            Drop(pending);
            _evicted++;
            return DefragmentationResult.Evicted;
        }
        if (overlaps) CopyUncovered(pending, offset, data);
        else data.CopyTo(pending.Data.AsSpan(offset));

        if (offset == 0 && !pending.HaveFirst)
        {
            header.CopyTo(pending.Header);
            pending.HeaderLength = header.Length;
            pending.NextHeaderField = nextHeaderField;
            pending.UpperProtocol = upperProtocol;
            pending.HaveFirst = true;
        }
        if (!more) pending.TotalLength = end;
        InsertSorted(pending.Fragments, (offset, end));

        if (!pending.IsComplete) return DefragmentationResult.Held;
        DefragmentationResult result = Complete(pending.Header.AsSpan(0, pending.HeaderLength), pending.Data.AsSpan(0, pending.TotalLength),
            pending.NextHeaderField, pending.UpperProtocol, v6, out datagram);
        Drop(pending);
        return result;
    }

    /// <summary>Builds the whole datagram in the output buffer: header without fragment fields, then the payload.</summary>
    private DefragmentationResult Complete(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, int nextHeaderField, byte upperProtocol, bool v6,
        out ReadOnlySpan<byte> datagram)
    {
        datagram = default;
        int length = header.Length + payload.Length;
        if (v6 ? payload.Length + header.Length - Ipv6FixedHeader > ushort.MaxValue : length > MaxIpv4Datagram) return Count(DefragmentationResult.Invalid);
        if (_output.Length < length) _output = new byte[Math.Max(length, 2 * MaxIpv4Datagram)];
        Span<byte> output = _output.AsSpan(0, length);
        header.CopyTo(output);
        payload.CopyTo(output[header.Length..]);
        if (v6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(output[IpFieldOffsets.Ipv6PayloadLength..], (ushort)(length - Ipv6FixedHeader));
            output[nextHeaderField] = upperProtocol;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(output[IpFieldOffsets.Ipv4TotalLength..], (ushort)length);
            // Keep DF and the reserved bit; clear MF and the offset.
            ushort flags = BinaryPrimitives.ReadUInt16BigEndian(output[IpFieldOffsets.Ipv4FlagsAndFragmentOffset..]);
            BinaryPrimitives.WriteUInt16BigEndian(output[IpFieldOffsets.Ipv4FlagsAndFragmentOffset..], (ushort)(flags & IpFieldOffsets.Ipv4KeptFlags));
            BinaryPrimitives.WriteUInt16BigEndian(output[IpFieldOffsets.Ipv4HeaderChecksum..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(output[IpFieldOffsets.Ipv4HeaderChecksum..], InternetChecksum.Compute(output[..header.Length]));
        }
        _reassembled++;
        datagram = output;
        return DefragmentationResult.Reassembled;
    }

    private static int LastEnd(PendingDatagram pending)
    {
        int last = 0;
        foreach ((_, int e) in pending.Fragments) last = Math.Max(last, e);
        return last;
    }

    /// <summary>First copy wins: writes only the bytes no held fragment covers yet.</summary>
    private static void CopyUncovered(PendingDatagram pending, int offset, ReadOnlySpan<byte> data)
    {
        int end = offset + data.Length;
        int cur = offset;
        while (cur < end)
        {
            int next = end;
            bool covered = false;
            foreach ((int o, int e) in pending.Fragments)
            {
                if (o <= cur && cur < e)
                {
                    covered = true;
                    cur = e;
                    break;
                }
                if (o > cur && o < next) next = o;
            }
            if (covered) continue;
            data[(cur - offset)..(next - offset)].CopyTo(pending.Data.AsSpan(cur));
            cur = next;
        }
    }

    private static void InsertSorted(List<(int Offset, int End)> fragments, (int Offset, int End) fragment)
    {
        int i = fragments.Count;
        while (i > 0 && fragments[i - 1].Offset > fragment.Offset) i--;
        fragments.Insert(i, fragment);
    }

    /// <summary>Grows the datagram's buffers to hold <paramref name="dataEnd"/> payload bytes and the header, evicting older datagrams to stay under the cap.</summary>
    private bool EnsureCapacity(PendingDatagram pending, int dataEnd, int headerLength)
    {
        byte[]? data = null, header = null;
        if (pending.Data.Length < dataEnd)
            data = ArrayPool<byte>.Shared.Rent(Math.Max(dataEnd, Math.Min(pending.Data.Length * 2, MaxIpv4Datagram)));
        if (pending.Header.Length < headerLength) header = ArrayPool<byte>.Shared.Rent(headerLength);
        if (data is null && header is null) return true;
        // The pool rounds sizes up; the cap counts what is really held.
        long growth = (data is null ? 0 : data.Length - pending.Data.Length) + (header is null ? 0 : header.Length - pending.Header.Length);
        while (_bufferedBytes + growth > _options.MaxBufferedBytes)
        {
            PendingDatagram? oldest = Oldest(pending);
            if (oldest is null)
            {
                if (data is not null) ArrayPool<byte>.Shared.Return(data);
                if (header is not null) ArrayPool<byte>.Shared.Return(header);
                return false;
            }
            Drop(oldest);
            _evicted++;
        }
        _bufferedBytes += growth;
        if (data is not null)
        {
            pending.Data.AsSpan().CopyTo(data);
            if (pending.Data.Length > 0) ArrayPool<byte>.Shared.Return(pending.Data);
            pending.Data = data;
        }
        if (header is not null)
        {
            if (pending.Header.Length > 0) ArrayPool<byte>.Shared.Return(pending.Header);
            pending.Header = header;
        }
        return true;
    }

    /// <summary>The oldest incomplete datagram other than <paramref name="except"/>.</summary>
    private PendingDatagram? Oldest(PendingDatagram except)
    {
        PendingDatagram? best = null;
        for (int v = 0; v < 2; v++)
        {
            PendingDatagram? candidate = _head[v];
            if (candidate == except) candidate = candidate.Next;
            if (candidate is not null && (best is null || candidate.FirstSeen < best.FirstSeen)) best = candidate;
        }
        return best;
    }

    private DefragmentationResult DropInvalid(PendingDatagram pending)
    {
        Drop(pending);
        return Count(DefragmentationResult.Invalid);
    }

    private DefragmentationResult Count(DefragmentationResult result)
    {
        if (result == DefragmentationResult.Invalid) _invalid++;
        return result;
    }

    private void Link(PendingDatagram pending)
    {
        int v = pending.IsIpv6 ? 1 : 0;
        pending.Previous = _tail[v];
        if (_tail[v] is { } tail) tail.Next = pending;
        else _head[v] = pending;
        _tail[v] = pending;
    }

    private void Drop(PendingDatagram pending)
    {
        int v = pending.IsIpv6 ? 1 : 0;
        if (pending.Previous is { } previous) previous.Next = pending.Next;
        else _head[v] = pending.Next;
        if (pending.Next is { } next) next.Previous = pending.Previous;
        else _tail[v] = pending.Previous;
        _pending.Remove(pending.Key);
        _bufferedBytes -= pending.HeldBytes;
        pending.ReturnBuffers();
        pending.Previous = pending.Next = null;
        _spare.Push(pending);
    }
}
