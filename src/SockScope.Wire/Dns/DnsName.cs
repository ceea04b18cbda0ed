using SockScope.Wire.Formatting;

namespace SockScope.Wire.Dns;

/// <summary>
/// Domain names inside a DNS message: skipping, and writing in presentation form ("www.example.com.")
/// into a caller buffer or a <see cref="Utf8Builder"/>. Bounded by <see cref="DnsNameWalker"/>'s
/// backward-only pointer rule and by the 255-byte limit of RFC 1035; never allocates.
/// </summary>
public static class DnsName
{
    /// <summary>Longest name in presentation form: 255 wire bytes give at most 254 characters plus the final dot.</summary>
    public const int MaxTextLength = 255;

    /// <summary>Finds where the name at <paramref name="offset"/> ends in place (after its root label or first pointer).</summary>
    public static WireError Skip(ReadOnlySpan<byte> message, int offset, out int end)
    {
        end = offset;
        if ((uint)offset >= (uint)message.Length) return WireError.Truncated;
        int at = offset;
        while (true)
        {
            if (at >= message.Length) return WireError.Truncated;
            byte b = message[at];
            if (b == 0) { end = at + 1; return WireError.None; }
            switch (b & DnsOffsets.PointerMask)
            {
                case DnsOffsets.PointerMask:
                    if (at + 2 > message.Length) return WireError.Truncated;
                    end = at + 2;
                    return WireError.None;
                case 0:
                    at += 1 + b;
                    if (at - offset > DnsOffsets.MaxNameLength) return WireError.BadLength;
                    break;
                default:
                    return WireError.Unsupported;
            }
        }
    }

    /// <summary>Writes the name in presentation form into <paramref name="destination"/>; the root is ".".</summary>
    public static WireError TryWrite(ReadOnlySpan<byte> message, int offset, Span<byte> destination, out int written, out int end)
    {
        written = 0;
        end = offset;
        var walker = new DnsNameWalker(message, offset);
        int wireLength = 1;
        while (true)
        {
            DnsNameStep step = walker.Next(out ReadOnlySpan<byte> label);
            switch (step)
            {
                case DnsNameStep.Done:
                    if (written == 0)
                    {
                        if (destination.IsEmpty) return WireError.BadLength;
                        destination[written++] = (byte)'.';
                    }
                    end = walker.End;
                    return WireError.None;
                case DnsNameStep.Label:
                    if (!walker.LabelComplete) return WireError.Truncated;
                    wireLength += label.Length + 1;
                    if (wireLength > DnsOffsets.MaxNameLength) return WireError.BadLength;
                    if (written + label.Length + 1 > destination.Length) return WireError.BadLength;
                    label.CopyTo(destination[written..]);
                    written += label.Length;
                    destination[written++] = (byte)'.';
                    break;
                case DnsNameStep.BadPointer:
                    return WireError.Loop;
                case DnsNameStep.Truncated:
                    return WireError.Truncated;
                default:
                    return WireError.Unsupported;
            }
        }
    }

    /// <summary>Appends the name in presentation form; on error nothing is appended.</summary>
    public static WireError Write(ReadOnlySpan<byte> message, int offset, Utf8Builder output, out int end)
    {
        Span<byte> text = output.GetSpan(MaxTextLength);
        WireError error = TryWrite(message, offset, text[..MaxTextLength], out int written, out end);
        if (error == WireError.None) output.Advance(written);
        return error;
    }
}
