using System.Buffers.Binary;

namespace SockScope.Wire.Ip;

/// <summary>The bits of GRE's first 16-bit word (RFC 1701, RFC 2890; acknowledgement from RFC 2637).</summary>
[Flags]
internal enum GreFlags
{
    VersionMask = 0x0007,
    AckPresent = 0x0080,
    StrictSourceRoute = 0x0800,
    SequencePresent = 0x1000,
    KeyPresent = 0x2000,
    RoutingPresent = 0x4000,
    ChecksumPresent = 0x8000,
}

/// <summary>
/// The length of a GRE header and the protocol it carries, for the decoder (the tcpdump printer
/// prints the same fields one by one): 4 bytes, then checksum and offset, key, sequence number and
/// source route entries (version 0), or call id, sequence and acknowledgement (PPTP's version 1).
/// </summary>
internal static class GreHeader
{
    /// <summary>PPTP's enhanced GRE (RFC 2637); 0 is RFC 1701/2784.</summary>
    public const int EnhancedVersion = 1;

    /// <summary>Flags, version and protocol type.</summary>
    public const int FixedLength = 4;

    /// <summary>Each optional field (checksum + offset, key, sequence, acknowledgement) and a source route entry's head.</summary>
    private const int FieldLength = 4;

    /// <summary>
    /// Measures the header at the start of <paramref name="b"/>. False with <see cref="WireError.Truncated"/>
    /// when the capture ends inside it, <see cref="WireError.BadVersion"/> for a version above 1.
    /// </summary>
    public static bool TryMeasure(ReadOnlySpan<byte> b, out int headerLength, out ushort protocol, out WireError error)
    {
        headerLength = 0;
        protocol = 0;
        if (b.Length < FixedLength)
        {
            error = WireError.Truncated;
            return false;
        }
        int flags = BinaryPrimitives.ReadUInt16BigEndian(b);
        int version = flags & (int)GreFlags.VersionMask;
        if (version > EnhancedVersion)
        {
            error = WireError.BadVersion;
            return false;
        }
        protocol = BinaryPrimitives.ReadUInt16BigEndian(b[2..]);
        int at = FixedLength;
        if (version == 0)
        {
            if ((flags & ((int)GreFlags.ChecksumPresent | (int)GreFlags.RoutingPresent)) != 0) at += FieldLength;
            if ((flags & (int)GreFlags.KeyPresent) != 0) at += FieldLength;
            if ((flags & (int)GreFlags.SequencePresent) != 0) at += FieldLength;
            if ((flags & (int)GreFlags.RoutingPresent) != 0)
            {
                // Source route entries up to the empty one: address family (2), offset (1), length (1), entries.
                while (true)
                {
                    if (at + FieldLength > b.Length)
                    {
                        error = WireError.Truncated;
                        return false;
                    }
                    int family = BinaryPrimitives.ReadUInt16BigEndian(b[at..]);
                    int entryLength = b[at + 3];
                    at += FieldLength;
                    if (family == 0 && entryLength == 0) break;
                    at += entryLength;
                }
            }
        }
        else
        {
            if ((flags & (int)GreFlags.KeyPresent) != 0) at += FieldLength;
            if ((flags & (int)GreFlags.SequencePresent) != 0) at += FieldLength;
            if ((flags & (int)GreFlags.AckPresent) != 0) at += FieldLength;
        }
        if (at > b.Length)
        {
            error = WireError.Truncated;
            return false;
        }
        headerLength = at;
        error = WireError.None;
        return true;
    }
}
