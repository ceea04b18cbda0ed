namespace SockScope.Wire.Addresses;

/// <summary>
/// Addresses format themselves as ASCII into UTF-8 spans first (the hot path); their char and
/// string forms are that output widened, so each address has one formatting routine.
/// </summary>
internal static class AsciiFormatting
{
    public static bool TryFormatChars<T>(T value, int maxLength, Span<char> destination, out int charsWritten)
        where T : IUtf8SpanFormattable
    {
        Span<byte> utf8 = stackalloc byte[maxLength];
        charsWritten = 0;
        if (!value.TryFormat(utf8, out int n, default, null) || destination.Length < n) return false;
        for (int i = 0; i < n; i++) destination[i] = (char)utf8[i];
        charsWritten = n;
        return true;
    }

    public static string ToString<T>(T value, int maxLength) where T : IUtf8SpanFormattable
    {
        Span<byte> utf8 = stackalloc byte[maxLength];
        value.TryFormat(utf8, out int n, default, null);
        return System.Text.Encoding.ASCII.GetString(utf8[..n]);
    }
}
