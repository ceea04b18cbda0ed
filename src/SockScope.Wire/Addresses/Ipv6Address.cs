using System.Buffers.Binary;
using System.Net;

namespace SockScope.Wire.Addresses;

/// <summary>An IPv6 address as two big-endian halves.</summary>
public readonly record struct Ipv6Address : ISpanFormattable, IUtf8SpanFormattable, IIpAddress<Ipv6Address>
{
    /// <summary>The address's size on the wire: 16 bytes.</summary>
    public const int Size = 16;
    /// <summary>Characters in "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".</summary>
    public const int MaxFormattedLength = 45;

    /// <summary>An address from its two 64-bit halves in host order.</summary>
    /// <param name="high">Bytes 0-7 of the address, the first byte most significant (0xfe80000000000000 for fe80::).</param>
    /// <param name="low">Bytes 8-15 (the interface identifier of most unicast addresses).</param>
    public Ipv6Address(ulong high, ulong low)
    {
        High = high;
        Low = low;
    }

    /// <summary>Bytes 0-7 as a 64-bit value, the first byte most significant.</summary>
    public ulong High { get; }
    /// <summary>Bytes 8-15 as a 64-bit value, the eighth byte most significant.</summary>
    public ulong Low { get; }

    /// <summary>::, the unspecified address.</summary>
    public static Ipv6Address Any => default;
    /// <summary>::1, the loopback address.</summary>
    public static Ipv6Address Loopback => new(0, 1);

    /// <summary>True for ff00::/8 (multicast).</summary>
    public bool IsMulticast => (High >> 56) == 0xFF;
    /// <summary>True for fe80::/10 (link-local unicast).</summary>
    public bool IsLinkLocal => (High >> 54) == 0x3FA; // fe80::/10
    /// <summary>True for ::1 only.</summary>
    public bool IsLoopback => High == 0 && Low == 1;

    /// <summary>Reads 16 bytes in network byte order; throws <see cref="ArgumentOutOfRangeException"/> when fewer are present.</summary>
    public static Ipv6Address Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt64BigEndian(source[8..]));

    /// <summary>Writes the 16 bytes in network byte order; throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="destination"/> is shorter.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    private ushort Word(int i) => (ushort)((i < 4 ? High : Low) >> (48 - 16 * (i & 3)));

    /// <summary>
    /// Formats as inet_ntop does (and so tcpdump): lowercase hex, the first longest run of two or
    /// more zero words as "::", and IPv4-compatible or IPv4-mapped addresses with a dotted tail.
    /// </summary>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        bytesWritten = 0;
        int bestBase = -1, bestLength = 0, runBase = -1;
        for (int i = 0; i <= 8; i++)
        {
            if (i < 8 && Word(i) == 0)
            {
                if (runBase < 0) runBase = i;
                continue;
            }
            if (runBase >= 0)
            {
                int runLength = i - runBase;
                if (runLength > bestLength) { bestBase = runBase; bestLength = runLength; }
                runBase = -1;
            }
        }
        if (bestLength < 2) bestBase = -1;

        Span<byte> buffer = stackalloc byte[MaxFormattedLength];
        int at = 0;
        for (int i = 0; i < 8; i++)
        {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength)
            {
                if (i == bestBase) buffer[at++] = (byte)':';
                continue;
            }
            if (i != 0) buffer[at++] = (byte)':';
            if (i == 6 && bestBase == 0 && (bestLength == 6 || (bestLength == 5 && Word(5) == 0xFFFF)))
            {
                new Ipv4Address((uint)Low).TryFormat(buffer[at..], out int n);
                at += n;
                break;
            }
            ushort word = Word(i);
            bool started = false;
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                int nibble = (word >> shift) & 0xF;
                if (nibble == 0 && !started && shift != 0) continue;
                started = true;
                buffer[at++] = (byte)HexDigits.Lower[nibble];
            }
        }
        if (bestBase >= 0 && bestBase + bestLength == 8) buffer[at++] = (byte)':';
        if (utf8Destination.Length < at) return false;
        buffer[..at].CopyTo(utf8Destination);
        bytesWritten = at;
        return true;
    }

    /// <summary>Writes the RFC 5952 text form ("2001:db8::1"); false when it does not fit. The format and provider are ignored.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        AsciiFormatting.TryFormatChars(this, MaxFormattedLength, destination, out charsWritten);

    /// <summary>The RFC 5952 text form; the format and provider are ignored.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>The RFC 5952 text form: lowercase, the longest run of two or more zero groups as ::, an IPv4-compatible or -mapped tail dotted (::ffff:192.0.2.1).</summary>
    public override string ToString() => AsciiFormatting.ToString(this, MaxFormattedLength);

    /// <summary>Parses any IPv6 text form <see cref="IPAddress"/> accepts (an embedded IPv4 tail included); false for IPv4 text and for a zone id ("%eth0").</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ipv6Address address)
    {
        address = default;
        // Zone ids ("%eth0") are an API-edge concept; addresses on the wire have none.
        if (!text.Contains(':') || text.Contains('%') || !IPAddress.TryParse(text, out IPAddress? parsed)) return false;
        Span<byte> bytes = stackalloc byte[Size];
        if (!parsed.TryWriteBytes(bytes, out int written) || written != Size) return false;
        address = Read(bytes);
        return true;
    }

    /// <summary>Parses IPv6 text as <see cref="TryParse"/> does; throws <see cref="FormatException"/> when it is not an IPv6 address.</summary>
    public static Ipv6Address Parse(string text) => IpAddressEdge.Parse<Ipv6Address>(text);

    /// <summary>The same address as a <see cref="IPAddress"/> (scope id 0).</summary>
    public IPAddress ToIPAddress() => IpAddressEdge.ToIPAddress(this);

    /// <summary>The IPv6 address of <paramref name="address"/> (a scope id is dropped); throws <see cref="ArgumentException"/> for an IPv4 address.</summary>
    public static Ipv6Address FromIPAddress(IPAddress address) => IpAddressEdge.FromIPAddress<Ipv6Address>(address);

    static System.Net.Sockets.AddressFamily IIpAddress<Ipv6Address>.Family => System.Net.Sockets.AddressFamily.InterNetworkV6;
}
