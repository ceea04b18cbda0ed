using System.Buffers.Binary;
using SockScope.Wire.Ip;

namespace SockScope.Analysis.Flows;

/// <summary>
/// Community ID v1 flow hashing (corelight/community-id-spec): SHA-1 over seed, the two endpoints
/// ordered so the smaller address:port comes first, protocol, a zero byte and the ports, shown as
/// "1:" + base64. ICMP and ICMPv6 use <see cref="IcmpPortMapping"/> "ports" and are not reordered when one-way.
/// </summary>
public static class CommunityId
{
    /// <summary>Length of a v1 ID in characters ("1:" + 28 base64 characters).</summary>
    public const int Length = 30;

    /// <summary>Computes the ID; <paramref name="hasPorts"/> is false for protocols without ports (then only addresses and protocol are hashed).</summary>
    /// <param name="source">One endpoint's address.</param>
    /// <param name="destination">The other endpoint's address (same IP version).</param>
    /// <param name="protocol">The IP protocol.</param>
    /// <param name="sourcePort">Port of <paramref name="source"/> (ICMP: mapped type).</param>
    /// <param name="destinationPort">Port of <paramref name="destination"/> (ICMP: counterpart type or code).</param>
    /// <param name="hasPorts">TCP, UDP, SCTP, ICMP, ICMPv6: true.</param>
    /// <param name="isOneWay">ICMP one-way messages keep their direction.</param>
    /// <param name="seed">The seed (default 0).</param>
    public static string Compute(FlowAddress source, FlowAddress destination, IpProtocol protocol, ushort sourcePort, ushort destinationPort,
        bool hasPorts, bool isOneWay = false, ushort seed = 0)
    {
        Span<byte> text = stackalloc byte[Length];
        int written = Format(source, destination, protocol, sourcePort, destinationPort, hasPorts, isOneWay, seed, text);
        return System.Text.Encoding.ASCII.GetString(text[..written]);
    }

    /// <summary>Computes the ID for a TCP/UDP/SCTP tuple, or for an ICMP/ICMPv6 message from its type and code.</summary>
    public static string ForTuple(FlowAddress source, FlowAddress destination, IpProtocol protocol, ushort sourcePortOrType, ushort destinationPortOrCode, ushort seed = 0)
    {
        switch (protocol)
        {
            case IpProtocol.Icmp:
            {
                var (s, d, oneWay) = IcmpPortMapping.Icmpv4((byte)sourcePortOrType, (byte)destinationPortOrCode);
                return Compute(source, destination, protocol, s, d, true, oneWay, seed);
            }
            case IpProtocol.Icmpv6:
            {
                var (s, d, oneWay) = IcmpPortMapping.Icmpv6((byte)sourcePortOrType, (byte)destinationPortOrCode);
                return Compute(source, destination, protocol, s, d, true, oneWay, seed);
            }
            case IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Sctp:
                return Compute(source, destination, protocol, sourcePortOrType, destinationPortOrCode, true, false, seed);
            default:
                return Compute(source, destination, protocol, 0, 0, false, false, seed);
        }
    }

    /// <summary>Writes the ID as ASCII into <paramref name="output"/> (at least <see cref="Length"/> bytes); returns the bytes written.</summary>
    public static int Format(FlowAddress source, FlowAddress destination, IpProtocol protocol, ushort sourcePort, ushort destinationPort,
        bool hasPorts, bool isOneWay, ushort seed, Span<byte> output)
    {
        bool swap = !isOneWay && (source.CompareTo(destination) > 0 || (source == destination && sourcePort > destinationPort));
        if (swap)
        {
            (source, destination) = (destination, source);
            (sourcePort, destinationPort) = (destinationPort, sourcePort);
        }
        Span<byte> input = stackalloc byte[2 + 16 + 16 + 2 + 4];
        int n = 0;
        BinaryPrimitives.WriteUInt16BigEndian(input, seed);
        n += 2;
        source.Write(input[n..]);
        n += source.ByteLength;
        destination.Write(input[n..]);
        n += destination.ByteLength;
        input[n++] = (byte)protocol;
        input[n++] = 0;
        if (hasPorts)
        {
            BinaryPrimitives.WriteUInt16BigEndian(input[n..], sourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(input[(n + 2)..], destinationPort);
            n += 4;
        }
        Span<byte> digest = stackalloc byte[Sha1.HashSizeInBytes];
        Sha1.HashData(input[..n], digest);
        output[0] = (byte)'1';
        output[1] = (byte)':';
        System.Buffers.Text.Base64.EncodeToUtf8(digest, output[2..], out _, out int encoded);
        return 2 + encoded;
    }
}
