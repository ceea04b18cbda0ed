using System.Buffers.Binary;
using System.Net;

namespace SockScope.Wire.Addresses;

/// <summary>An IPv4 address as a host-order uint (10.0.0.1 is 0x0A000001).</summary>
public readonly record struct Ipv4Address : ISpanFormattable, IUtf8SpanFormattable, IIpAddress<Ipv4Address>, IComparable<Ipv4Address>
{
    public const int Size = 4;
    /// <summary>Characters in "255.255.255.255".</summary>
    public const int MaxFormattedLength = 15;

    public Ipv4Address(uint value) => Value = value;
    public Ipv4Address(byte a, byte b, byte c, byte d) => Value = (uint)(a << 24 | b << 16 | c << 8 | d);

    public uint Value { get; }

    public static Ipv4Address Any => default;
    public static Ipv4Address Broadcast => new(0xFFFF_FFFF);
    public static Ipv4Address Loopback => new(127, 0, 0, 1);

    public bool IsMulticast => (Value >> 28) == 0xE;
    public bool IsLoopback => (Value >> 24) == 127;
    public bool IsBroadcast => Value == 0xFFFF_FFFF;

    public static Ipv4Address Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));
    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

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

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        AsciiFormatting.TryFormatChars(this, MaxFormattedLength, destination, out charsWritten);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

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

    public static Ipv4Address Parse(string text) => IpAddressEdge.Parse<Ipv4Address>(text);

    public IPAddress ToIPAddress() => IpAddressEdge.ToIPAddress(this);

    public static Ipv4Address FromIPAddress(IPAddress address) => IpAddressEdge.FromIPAddress<Ipv4Address>(address);

    static System.Net.Sockets.AddressFamily IIpAddress<Ipv4Address>.Family => System.Net.Sockets.AddressFamily.InterNetwork;
}
