using System.Buffers.Binary;

namespace SockScope.Wire.Transport;

/// <summary>
/// One TCP option as a value: a kind and its data (without the kind and length bytes). Use the
/// factory methods for the common ones; any kind with any data can be written for testing.
/// </summary>
public readonly record struct TcpOption(TcpOptionKind Kind, ReadOnlyMemory<byte> Data)
{
    /// <summary>End of option list (kind 0): one byte.</summary>
    public static TcpOption EndOfList => new(TcpOptionKind.EndOfList, default);
    /// <summary>No operation (kind 1): one padding byte.</summary>
    public static TcpOption NoOperation => new(TcpOptionKind.NoOperation, default);
    /// <summary>SACK permitted (kind 4, length 2), for a SYN.</summary>
    public static TcpOption SackPermitted => new(TcpOptionKind.SackPermitted, default);

    /// <summary>Maximum segment size (kind 2, length 4): <paramref name="mss"/> in bytes, big-endian.</summary>
    public static TcpOption MaximumSegmentSize(ushort mss)
    {
        var data = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, mss);
        return new(TcpOptionKind.MaximumSegmentSize, data);
    }

    /// <summary>Window scale (kind 3, length 3): the receiver shifts the window field left by <paramref name="shift"/> bits (0-14 are valid; larger values are written as given).</summary>
    public static TcpOption WindowScale(byte shift) => new(TcpOptionKind.WindowScale, new[] { shift });

    /// <summary>Timestamps (kind 8, length 10): <paramref name="value"/> is the sender's TSval, <paramref name="echoReply"/> the TSecr echoed from the peer.</summary>
    public static TcpOption Timestamps(uint value, uint echoReply)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(data, value);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), echoReply);
        return new(TcpOptionKind.Timestamps, data);
    }

    /// <summary>End of list and no-operation are one byte; every other kind has kind, length, data.</summary>
    public bool IsSingleByte => Kind is TcpOptionKind.EndOfList or TcpOptionKind.NoOperation;

    /// <summary>The bytes the option takes: 1 for end of list and no-operation, otherwise 2 plus the data.</summary>
    public int Length => IsSingleByte ? 1 : 2 + Data.Length;

    /// <summary>Writes kind, length (for multi-byte kinds) and data; false, with nothing written, when <paramref name="destination"/> is too short or the option exceeds 40 bytes.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length || Length > 40) return false;
        destination[0] = (byte)Kind;
        if (!IsSingleByte)
        {
            destination[1] = (byte)Length;
            Data.Span.CopyTo(destination[2..]);
        }
        bytesWritten = Length;
        return true;
    }
}
