using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Formatting;

// The group records of IGMPv3 and MLDv2 reports, which share one layout but for the address size;
// IgmpPrinter and the ICMPv6 printer both print them through here.
internal static class GroupRecordText
{
    public const int Ipv4AddressLength = 4;
    public const int Ipv6AddressLength = 16;

    /// <summary>
    /// The group records of an IGMPv3 (RFC 3376) or MLDv2 (RFC 3810) report, which share one layout
    /// but for the address size: type, aux length, source count, group, sources. Prints the count,
    /// and on -v each record (-vv: with its sources); false when the capture ends first.
    /// </summary>
    public static bool Print(Utf8Builder output, int verbosity, ReadOnlySpan<byte> b, int length, int addressLength, ReadOnlySpan<byte> unknownTypePrefix)
    {
        if (b.Length < 8) return false;
        int groups = BinaryPrimitives.ReadUInt16BigEndian(b[6..]);
        output.Append(", "u8).Append(groups).Append(" group record(s)"u8);
        if (verbosity == 0) return true;
        int headerLength = 4 + addressLength;
        int record = 8;
        for (int i = 0; i < groups; i++)
        {
            if (length < record + headerLength)
            {
                output.Append(" [invalid number of groups]"u8);
                return true;
            }
            if (record + headerLength > b.Length) return false;
            output.Append(" [gaddr "u8);
            AppendIpAddress(output, b.Slice(record + 4, addressLength));
            output.Append((byte)' ');
            AppendRecordType(output, b[record], unknownTypePrefix);
            int sources = BinaryPrimitives.ReadUInt16BigEndian(b[(record + 2)..]);
            // tcpdump ignores the auxiliary data length, and so do we, to print the same records.
            int next = record + headerLength + sources * addressLength;
            if (length < next)
            {
                output.Append(" [invalid number of sources "u8).Append(sources).Append((byte)']');
                return true;
            }
            if (verbosity == 1)
            {
                output.Append(", "u8).Append(sources).Append(" source(s)"u8);
            }
            else
            {
                output.Append(" {"u8);
                for (int at = record + headerLength; at < next; at += addressLength)
                {
                    if (at + addressLength > b.Length) return false;
                    output.Append((byte)' ');
                    AppendIpAddress(output, b.Slice(at, addressLength));
                }
                output.Append(" }"u8);
            }
            record = next;
            output.Append((byte)']');
        }
        return true;
    }

    private static void AppendIpAddress(Utf8Builder output, ReadOnlySpan<byte> address)
    {
        if (address.Length == Ipv4AddressLength) output.Append(Ipv4Address.Read(address));
        else output.Append(Ipv6Address.Read(address));
    }

    /// <summary>IGMPv3/MLDv2 record type names; unknown types as the given prefix, the number and ']'.</summary>
    private static void AppendRecordType(Utf8Builder output, byte type, ReadOnlySpan<byte> unknownPrefix)
    {
        ReadOnlySpan<byte> name = type switch
        {
            1 => "is_in"u8, 2 => "is_ex"u8, 3 => "to_in"u8, 4 => "to_ex"u8, 5 => "allow"u8, 6 => "block"u8, _ => default,
        };
        if (name.IsEmpty) output.Append(unknownPrefix).Append((int)type).Append((byte)']');
        else output.Append(name);
    }
}
