namespace SockScope.Wire.Formatting;

/// <summary>
/// tcpdump's hex dumps: <c>-x</c> (hex only), <c>-X</c> (hex and ASCII) and <c>-A</c> (ASCII).
/// Each line starts with "\n\t0xOOOO: ", 16 bytes per line in groups of two.
/// </summary>
public static class HexDump
{
    private const int BytesPerLine = 16;
    // " xxxx" per 16-bit group, eight groups: the width the ASCII column is aligned after.
    private const int HexColumnWidth = 5 * (BytesPerLine / 2);

    /// <summary>Hex only, as <c>-x</c>; <paramref name="offset"/> is the number printed on the first line.</summary>
    public static void WriteHex(Utf8Builder output, ReadOnlySpan<byte> data, int offset = 0)
    {
        for (int line = 0; line < data.Length; line += BytesPerLine)
        {
            WriteLineStart(output, offset + line);
            ReadOnlySpan<byte> chunk = data.Slice(line, Math.Min(BytesPerLine, data.Length - line));
            WriteHexGroups(output, chunk);
        }
    }

    /// <summary>Hex and ASCII, as <c>-X</c>; non-printable bytes show as '.'.</summary>
    public static void WriteHexAndAscii(Utf8Builder output, ReadOnlySpan<byte> data, int offset = 0)
    {
        for (int line = 0; line < data.Length; line += BytesPerLine)
        {
            WriteLineStart(output, offset + line);
            ReadOnlySpan<byte> chunk = data.Slice(line, Math.Min(BytesPerLine, data.Length - line));
            int written = WriteHexGroups(output, chunk);
            output.AppendSpaces(HexColumnWidth - written + 2);
            foreach (byte b in chunk) output.Append(IsGraphic(b) ? b : (byte)'.');
        }
    }

    /// <summary>ASCII only, as <c>-A</c>: printable bytes, tabs and newlines as they are, "\r" dropped, others as '.'.</summary>
    public static void WriteAscii(Utf8Builder output, ReadOnlySpan<byte> data)
    {
        output.Append((byte)'\n');
        foreach (byte b in data)
        {
            if (b == (byte)'\r') continue;
            output.Append(IsGraphic(b) || b is (byte)' ' or (byte)'\t' or (byte)'\n' ? b : (byte)'.');
        }
    }

    private static void WriteLineStart(Utf8Builder output, int offset)
    {
        output.Append("\n\t0x"u8).AppendHex((uint)offset, 4).Append(": "u8);
    }

    private static int WriteHexGroups(Utf8Builder output, ReadOnlySpan<byte> chunk)
    {
        int written = 0;
        for (int i = 0; i < chunk.Length; i += 2)
        {
            output.Append((byte)' ').AppendHex(chunk[i], 2);
            written += 3;
            if (i + 1 < chunk.Length)
            {
                output.AppendHex(chunk[i + 1], 2);
                written += 2;
            }
        }
        return written;
    }

    private static bool IsGraphic(byte b) => b is > 0x20 and < 0x7F;
}
