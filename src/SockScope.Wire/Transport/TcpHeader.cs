using System.Buffers.Binary;

namespace SockScope.Wire.Transport;

/// <summary>
/// A TCP header as a value (RFC 9293). Options are padded with end-of-list bytes to a multiple of
/// four. <see cref="Checksum"/> and <see cref="DataOffsetBytes"/> left null are computed; set them
/// to write deliberately wrong values.
/// </summary>
public readonly record struct TcpHeader
{
    /// <summary>The smallest header, without options: 20 bytes.</summary>
    public const int MinimumSize = TcpOffsets.MinHeaderLength;
    /// <summary>The largest header the 4-bit data offset allows: 60 bytes (40 bytes of options).</summary>
    public const int MaximumSize = TcpOffsets.MaxHeaderLength;

    /// <summary>A header between two ports with the given flags; sequence and acknowledgment numbers 0, window 64240, no options.</summary>
    /// <param name="sourcePort">The source port.</param>
    /// <param name="destinationPort">The destination port.</param>
    /// <param name="flags">The control bits (e.g. <see cref="TcpFlags.Syn"/>).</param>
    public TcpHeader(ushort sourcePort, ushort destinationPort, TcpFlags flags = TcpFlags.None)
    {
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        Flags = flags;
    }

    /// <summary>The source port.</summary>
    public ushort SourcePort { get; init; }
    /// <summary>The destination port.</summary>
    public ushort DestinationPort { get; init; }
    /// <summary>The sequence number of the first data byte (of the SYN itself in a SYN).</summary>
    public uint SequenceNumber { get; init; }
    /// <summary>The acknowledgment number: the next sequence number expected from the peer; meaningful with <see cref="TcpFlags.Ack"/>.</summary>
    public uint AcknowledgmentNumber { get; init; }
    /// <summary>The control bits; <see cref="TcpFlags.Ae"/> goes into the lowest reserved bit.</summary>
    public TcpFlags Flags { get; init; }
    /// <summary>The receive window in bytes (before window scaling); 64240 by default, Linux's initial window for a 1460-byte MSS.</summary>
    public ushort Window { get; init; } = 64240;
    /// <summary>The urgent pointer: offset from the sequence number to the end of urgent data; meaningful with <see cref="TcpFlags.Urg"/>.</summary>
    public ushort UrgentPointer { get; init; }
    /// <summary>The reserved bits next to the data offset (the lowest one is the AE flag, set through <see cref="Flags"/>); zero normally.</summary>
    public byte Reserved { get; init; }
    /// <summary>The options, written in order and padded with zero bytes (end of list) to a multiple of four; at most 40 bytes.</summary>
    public IReadOnlyList<TcpOption> Options { get; init; } = [];
    /// <summary>Header length in bytes for the data offset field (a multiple of 4); null = actual.</summary>
    public int? DataOffsetBytes { get; init; }
    /// <summary>Null: computed over the pseudo-header by the builder.</summary>
    public ushort? Checksum { get; init; }

    /// <summary>The options' total length in bytes, before padding.</summary>
    public int OptionsLength
    {
        get
        {
            // Indexing, not foreach: an interface enumerator would allocate for every packet built.
            int n = 0;
            for (int i = 0; i < Options.Count; i++) n += Options[i].Length;
            return n;
        }
    }

    /// <summary>The header's length in bytes: 20 plus the options padded to a multiple of four.</summary>
    public int Length => MinimumSize + ((OptionsLength + 3) & ~3);

    /// <summary>Writes the header; a null checksum is written as zero for the builder to fill.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        int length = Length;
        if (destination.Length < length || length > MaximumSize) return false;
        BinaryPrimitives.WriteUInt16BigEndian(destination, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[TcpOffsets.DestinationPort..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(destination[TcpOffsets.SequenceNumber..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[TcpOffsets.AcknowledgmentNumber..], AcknowledgmentNumber);
        // The AE flag (bit 8 of the flags) sits in the lowest of the four bits beside the data offset.
        destination[TcpOffsets.DataOffset] = (byte)(((DataOffsetBytes ?? length) >> 2) << 4 | (Reserved & 0x0F) | (((int)Flags >> 8) & 1));
        destination[TcpOffsets.Flags] = (byte)Flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination[TcpOffsets.Window..], Window);
        BinaryPrimitives.WriteUInt16BigEndian(destination[TcpOffsets.Checksum..], Checksum ?? 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[TcpOffsets.UrgentPointer..], UrgentPointer);
        int at = MinimumSize;
        for (int i = 0; i < Options.Count; i++)
        {
            Options[i].TryWrite(destination[at..], out int n);
            at += n;
        }
        destination[at..length].Clear();
        bytesWritten = length;
        return true;
    }

    /// <summary>Reads a header and its options as they are; false when the bytes are too short or an option overruns.</summary>
    public static bool TryParse(ReadOnlySpan<byte> segment, out TcpHeader header)
    {
        header = default;
        if (segment.Length < MinimumSize) return false;
        int offset = (segment[12] >> 4) << 2;
        if (offset < MinimumSize || offset > segment.Length) return false;
        var options = new List<TcpOption>();
        ReadOnlySpan<byte> o = segment[MinimumSize..offset];
        while (!o.IsEmpty)
        {
            var kind = (TcpOptionKind)o[0];
            if (kind is TcpOptionKind.EndOfList or TcpOptionKind.NoOperation)
            {
                options.Add(new TcpOption(kind, default));
                o = o[1..];
                if (kind == TcpOptionKind.EndOfList) break;
                continue;
            }
            if (o.Length < 2 || o[1] < 2 || o[1] > o.Length) return false;
            options.Add(new TcpOption(kind, o[2..o[1]].ToArray()));
            o = o[o[1]..];
        }
        header = new TcpHeader(BinaryPrimitives.ReadUInt16BigEndian(segment), BinaryPrimitives.ReadUInt16BigEndian(segment[2..]), (TcpFlags)(segment[13] | (segment[12] & 1) << 8))
        {
            SequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(segment[4..]),
            AcknowledgmentNumber = BinaryPrimitives.ReadUInt32BigEndian(segment[8..]),
            Reserved = (byte)(segment[12] & 0x0E),
            DataOffsetBytes = offset,
            Window = BinaryPrimitives.ReadUInt16BigEndian(segment[14..]),
            Checksum = BinaryPrimitives.ReadUInt16BigEndian(segment[16..]),
            UrgentPointer = BinaryPrimitives.ReadUInt16BigEndian(segment[18..]),
            Options = options,
        };
        return true;
    }
}
