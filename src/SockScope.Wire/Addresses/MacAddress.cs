using System.Buffers.Binary;
using System.Globalization;

namespace SockScope.Wire.Addresses;

/// <summary>A 48-bit IEEE 802 MAC address held in the low 48 bits of a ulong, most significant byte first.</summary>
public readonly record struct MacAddress : ISpanFormattable, IUtf8SpanFormattable
{
    public const int Size = 6;
    /// <summary>Characters in "aa:bb:cc:dd:ee:ff".</summary>
    public const int MaxFormattedLength = 17;

    private readonly ulong _value;

    public MacAddress(ulong value) => _value = value & 0xFFFF_FFFF_FFFFUL;

    public static MacAddress Broadcast => new(0xFFFF_FFFF_FFFFUL);
    public static MacAddress Zero => default;

    public ulong Value => _value;
    public bool IsBroadcast => _value == 0xFFFF_FFFF_FFFFUL;
    /// <summary>The group bit (least significant bit of the first byte).</summary>
    public bool IsMulticast => ((_value >> 40) & 1) != 0;

    /// <summary>Reads six bytes; the caller has checked the span is long enough.</summary>
    public static MacAddress Read(ReadOnlySpan<byte> source) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(_value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)_value);
    }

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

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        AsciiFormatting.TryFormatChars(this, MaxFormattedLength, destination, out charsWritten);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

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

    public static MacAddress Parse(string text) =>
        TryParse(text, out MacAddress a) ? a : throw new FormatException($"'{text}' is not a MAC address");
}

internal static class HexDigits
{
    public const string Lower = "0123456789abcdef";
}
