using System.Buffers.Binary;
using System.Net;

namespace SockScope.Wire.Addresses;

/// <summary>An IPv6 address as two big-endian halves.</summary>
public readonly record struct Ipv6Address : ISpanFormattable, IUtf8SpanFormattable, IIpAddress<Ipv6Address>
{
    public const int Size = 16;
    /// <summary>Characters in "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".</summary>
    public const int MaxFormattedLength = 45;

    public Ipv6Address(ulong high, ulong low)
    {
        High = high;
        Low = low;
    }

    public ulong High { get; }
    public ulong Low { get; }

    public static Ipv6Address Any => default;
    public static Ipv6Address Loopback => new(0, 1);

    public bool IsMulticast => (High >> 56) == 0xFF;
    public bool IsLinkLocal => (High >> 54) == 0x3FA; // fe80::/10
    public bool IsLoopback => High == 0 && Low == 1;

    public static Ipv6Address Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt64BigEndian(source[8..]));

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

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        AsciiFormatting.TryFormatChars(this, MaxFormattedLength, destination, out charsWritten);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public override string ToString() => AsciiFormatting.ToString(this, MaxFormattedLength);

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

    public static Ipv6Address Parse(string text) => IpAddressEdge.Parse<Ipv6Address>(text);

    public IPAddress ToIPAddress() => IpAddressEdge.ToIPAddress(this);

    public static Ipv6Address FromIPAddress(IPAddress address) => IpAddressEdge.FromIPAddress<Ipv6Address>(address);

    static System.Net.Sockets.AddressFamily IIpAddress<Ipv6Address>.Family => System.Net.Sockets.AddressFamily.InterNetworkV6;
}
