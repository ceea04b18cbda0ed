using System.Buffers.Binary;

namespace SockScope.Wire.Transport;

/// <summary>
/// One TCP option as a value: a kind and its data (without the kind and length bytes). Use the
/// factory methods for the common ones; any kind with any data can be written for testing.
/// </summary>
public readonly record struct TcpOption(TcpOptionKind Kind, ReadOnlyMemory<byte> Data)
{
    public static TcpOption EndOfList => new(TcpOptionKind.EndOfList, default);
    public static TcpOption NoOperation => new(TcpOptionKind.NoOperation, default);
    public static TcpOption SackPermitted => new(TcpOptionKind.SackPermitted, default);

    public static TcpOption MaximumSegmentSize(ushort mss)
    {
        var data = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, mss);
        return new(TcpOptionKind.MaximumSegmentSize, data);
    }

    public static TcpOption WindowScale(byte shift) => new(TcpOptionKind.WindowScale, new[] { shift });

    public static TcpOption Timestamps(uint value, uint echoReply)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(data, value);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), echoReply);
        return new(TcpOptionKind.Timestamps, data);
    }

    /// <summary>End of list and no-operation are one byte; every other kind has kind, length, data.</summary>
    public bool IsSingleByte => Kind is TcpOptionKind.EndOfList or TcpOptionKind.NoOperation;

    public int Length => IsSingleByte ? 1 : 2 + Data.Length;

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
