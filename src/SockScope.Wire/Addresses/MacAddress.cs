using System.Buffers.Binary;
using System.Globalization;

namespace SockScope.Wire.Addresses;

/// <summary>A 48-bit IEEE 802 MAC address held in the low 48 bits of a ulong, most significant byte first.</summary>
public readonly record struct MacAddress : ISpanFormattable, IUtf8SpanFormattable
{
    /// <summary>The address's size on the wire: 6 bytes.</summary>
    public const int Size = 6;
    /// <summary>Characters in "aa:bb:cc:dd:ee:ff".</summary>
    public const int MaxFormattedLength = 17;

    private readonly ulong _value;

    /// <summary>An address from the low 48 bits of <paramref name="value"/> (0x001122334455 is 00:11:22:33:44:55); higher bits are dropped.</summary>
    public MacAddress(ulong value) => _value = value & 0xFFFF_FFFF_FFFFUL;

    /// <summary>ff:ff:ff:ff:ff:ff, the broadcast address.</summary>
    public static MacAddress Broadcast => new(0xFFFF_FFFF_FFFFUL);
    /// <summary>00:00:00:00:00:00.</summary>
    public static MacAddress Zero => default;

    /// <summary>The address in the low 48 bits, the first byte most significant.</summary>
    public ulong Value => _value;
    /// <summary>True for ff:ff:ff:ff:ff:ff.</summary>
    public bool IsBroadcast => _value == 0xFFFF_FFFF_FFFFUL;
    /// <summary>The group bit (least significant bit of the first byte).</summary>
    public bool IsMulticast => ((_value >> 40) & 1) != 0;

    /// <summary>Reads six bytes; the caller has checked the span is long enough.</summary>
    public static MacAddress Read(ReadOnlySpan<byte> source) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    /// <summary>Writes the 6 bytes in transmission order; throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="destination"/> is shorter.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(_value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)_value);
    }

    /// <summary>Writes "aa:bb:cc:dd:ee:ff" (lowercase, 17 bytes) as UTF-8; false when it does not fit. The format and provider are ignored.</summary>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        bytesWritten = 0;
        if (utf8Destination.Length < MaxFormattedLength) return false;
        for (int i = 0; i < Size; i++)
        {
            byte b = (byte)(_value >> (40 - 8 * i));
            int at = i * 3;
            if (i > 0) utf8Destination[at - 1] = (byte)':';
            utf8Destination[at] = (byte)HexDigits.Lower[b >> 4];
            utf8Destination[at + 1] = (byte)HexDigits.Lower[b & 0xF];
        }
        bytesWritten = MaxFormattedLength;
        return true;
    }

    /// <summary>Writes "aa:bb:cc:dd:ee:ff" (lowercase, 17 characters); false when it does not fit. The format and provider are ignored.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        AsciiFormatting.TryFormatChars(this, MaxFormattedLength, destination, out charsWritten);

    /// <summary>The colon form; the format and provider are ignored.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>The colon form, lowercase: "aa:bb:cc:dd:ee:ff".</summary>
    public override string ToString() => AsciiFormatting.ToString(this, MaxFormattedLength);

    /// <summary>Accepts "aa:bb:cc:dd:ee:ff", "aa-bb-cc-dd-ee-ff", "aabb.ccdd.eeff" and "aabbccddeeff".</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MacAddress address)
    {
        address = default;
        Span<char> digits = stackalloc char[12];
        int count = 0;
        if (text.Contains(':') || text.Contains('-'))
        {
            // Groups of one or two hex digits, as ether_aton and tcpdump accept.
            int groups = 0;
            foreach (Range r in text.Split(text.Contains(':') ? ':' : '-'))
            {
                ReadOnlySpan<char> g = text[r];
                if (g.Length is < 1 or > 2 || groups == 6) return false;
                if (g.Length == 1) digits[count++] = '0';
                foreach (char c in g) digits[count++] = c;
                groups++;
            }
            if (groups != 6) return false;
        }
        else
        {
            foreach (char c in text)
            {
                if (c == '.') continue;
                if (count == 12) return false;
                digits[count++] = c;
            }
            if (count != 12) return false;
        }
        if (!ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value)) return false;
        address = new MacAddress(value);
        return true;
    }

    /// <summary>Parses the forms <see cref="TryParse"/> accepts; throws <see cref="FormatException"/> for anything else.</summary>
    public static MacAddress Parse(string text) =>
        TryParse(text, out MacAddress a) ? a : throw new FormatException($"'{text}' is not a MAC address");
}

internal static class HexDigits
{
    public const string Lower = "0123456789abcdef";
}
