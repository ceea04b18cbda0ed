using System.Buffers.Binary;
using System.Net;

namespace SockScope.Wire.Addresses;

/// <summary>An IPv4 address as a host-order uint (10.0.0.1 is 0x0A000001).</summary>
public readonly record struct Ipv4Address : ISpanFormattable, IUtf8SpanFormattable, IIpAddress<Ipv4Address>, IComparable<Ipv4Address>
{
    /// <summary>The address's size on the wire: 4 bytes.</summary>
    public const int Size = 4;
    /// <summary>Characters in "255.255.255.255".</summary>
    public const int MaxFormattedLength = 15;

    /// <summary>An address from its 32-bit value in host order (0x0A000001 is 10.0.0.1).</summary>
    public Ipv4Address(uint value) => Value = value;
    /// <summary>The address a.b.c.d (10, 0, 0, 1 is 10.0.0.1).</summary>
    public Ipv4Address(byte a, byte b, byte c, byte d) => Value = (uint)(a << 24 | b << 16 | c << 8 | d);

    /// <summary>The address as a 32-bit value in host order: the first octet is the most significant byte.</summary>
    public uint Value { get; }

    /// <summary>0.0.0.0, the unspecified address (INADDR_ANY).</summary>
    public static Ipv4Address Any => default;
    /// <summary>255.255.255.255, the limited broadcast address.</summary>
    public static Ipv4Address Broadcast => new(0xFFFF_FFFF);
    /// <summary>127.0.0.1.</summary>
    public static Ipv4Address Loopback => new(127, 0, 0, 1);

    /// <summary>True for 224.0.0.0/4 (class D multicast).</summary>
    public bool IsMulticast => (Value >> 28) == 0xE;
    /// <summary>True for 127.0.0.0/8.</summary>
    public bool IsLoopback => (Value >> 24) == 127;
    /// <summary>True for 255.255.255.255 only (a subnet's directed broadcast depends on its mask and is not recognised).</summary>
    public bool IsBroadcast => Value == 0xFFFF_FFFF;

    /// <summary>Reads 4 bytes in network byte order (big-endian); throws <see cref="ArgumentOutOfRangeException"/> when fewer are present.</summary>
    public static Ipv4Address Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));
    /// <summary>Writes the 4 bytes in network byte order (big-endian); throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="destination"/> is shorter.</summary>
    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    /// <summary>Orders addresses numerically (10.0.0.2 before 10.0.0.10).</summary>
    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

    /// <summary>Writes the dotted quad ("192.0.2.1") as UTF-8; false when it does not fit. The format and provider are ignored.</summary>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        bytesWritten = 0;
        int at = 0;
        for (int i = 0; i < Size; i++)
        {
            if (i > 0)
            {
                if (at >= utf8Destination.Length) return false;
                utf8Destination[at++] = (byte)'.';
            }
            if (!((byte)(Value >> (24 - 8 * i))).TryFormat(utf8Destination[at..], out int n)) return false;
            at += n;
        }
        bytesWritten = at;
        return true;
    }

    /// <summary>Writes the dotted quad ("192.0.2.1"); false when it does not fit. The format and provider are ignored.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        AsciiFormatting.TryFormatChars(this, MaxFormattedLength, destination, out charsWritten);

    /// <summary>The dotted quad; the format and provider are ignored.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>The dotted quad, e.g. "192.0.2.1".</summary>
    public override string ToString() => AsciiFormatting.ToString(this, MaxFormattedLength);

    /// <summary>Strict dotted quad: four decimal parts 0-255.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ipv4Address address)
    {
        address = default;
        uint value = 0;
        int parts = 0;
        foreach (Range r in text.Split('.'))
        {
            ReadOnlySpan<char> part = text[r];
            if (parts == 4 || part.Length is 0 or > 3) return false;
            uint octet = 0;
            foreach (char c in part)
            {
                if (c is < '0' or > '9') return false;
                octet = octet * 10 + (uint)(c - '0');
            }
            if (octet > 255) return false;
            value = value << 8 | octet;
            parts++;
        }
        if (parts != 4) return false;
        address = new Ipv4Address(value);
        return true;
    }

    /// <summary>Parses a strict dotted quad; throws <see cref="FormatException"/> for anything else.</summary>
    public static Ipv4Address Parse(string text) => IpAddressEdge.Parse<Ipv4Address>(text);

    /// <summary>The same address as a <see cref="IPAddress"/>.</summary>
    public IPAddress ToIPAddress() => IpAddressEdge.ToIPAddress(this);

    /// <summary>The IPv4 address of <paramref name="address"/>, an IPv4-mapped IPv6 address (::ffff:a.b.c.d) included; throws <see cref="ArgumentException"/> for other IPv6 addresses.</summary>
    public static Ipv4Address FromIPAddress(IPAddress address) => IpAddressEdge.FromIPAddress<Ipv4Address>(address);

    static System.Net.Sockets.AddressFamily IIpAddress<Ipv4Address>.Family => System.Net.Sockets.AddressFamily.InterNetwork;
}
