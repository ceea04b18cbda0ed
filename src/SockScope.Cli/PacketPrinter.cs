using SockScope.Net.Attribution;
using SockScope.Wire;
using SockScope.Wire.Formatting;

namespace SockScope.Cli;

/// <summary>
/// Prints packets as tcpdump lines into one reusable <see cref="Utf8Builder"/>: the -# number,
/// the timestamp, the decoded text (TcpdumpPrinter), the -x/-X/-A dump and the newline; or one
/// JSON object per line with --json. Allocates nothing per packet.
/// </summary>
internal sealed class PacketPrinter
{
    private readonly DisplayOptions _options;
    private readonly TcpdumpPrinter _text;
    private readonly TimestampWriter _timestamps;
    private readonly JsonPacketFormatter? _json;

    public PacketPrinter(Utf8Builder output, DisplayOptions options, TimeZoneInfo? zone = null)
    {
        Output = output;
        _options = options;
        _text = new TcpdumpPrinter(output, options.ToFormatOptions());
        _timestamps = new TimestampWriter(options.Timestamps, options.Nanoseconds, zone);
        _json = options.Json ? new JsonPacketFormatter() : null;
    }

    public Utf8Builder Output { get; }

    /// <summary>When set, a decoder fault on one packet prints a marker instead of ending the run.</summary>
    public bool ContainDecoderFaults { get; init; }

    /// <summary>Appends one packet; <paramref name="frameNumber"/> counts from 1.</summary>
    /// <param name="process">The process that sent or receives the packet: a "process" member in JSON,
    /// ptcpdump's "Process (...)" lines with -v, ", PID/comm" at the end of the line otherwise.</param>
    public void Print(LinkType linkType, ReadOnlySpan<byte> data, int originalLength, long timestampNanoseconds, long frameNumber,
        long invalidTimestampFraction = -1, bool invalidFractionInNanoseconds = false, ProcessInfo? process = null)
    {
        Utf8Builder output = Output;
        if (_json is not null)
        {
            int start = output.Length;
            _json.Format(output, linkType, data, originalLength, timestampNanoseconds, frameNumber);
            if (process is not null && output.Length > start && output.WrittenSpan[^1] == (byte)'}')
            {
                // The formatter closes the object last: reopen it for the process member.
                output.Truncate(output.Length - 1);
                output.Append(",\"process\":"u8).Append(process.JsonText).Append((byte)'}');
            }
            output.Append((byte)'\n');
            return;
        }
        if (_options.PacketNumbers)
        {
            int start = output.Length;
            output.Append(frameNumber);
            int width = output.Length - start;
            if (width < 5)
            {
                // Right-align in five columns: shift the digits and pad in front.
                Span<byte> digits = stackalloc byte[5];
                output.WrittenSpan[start..].CopyTo(digits);
                output.Truncate(start);
                output.AppendSpaces(5 - width).Append(digits[..width]);
            }
            output.Append("  "u8);
        }
        if (data.Length == 0 || originalLength == 0 || originalLength < data.Length)
        {
            WriteInvalidHeader(output, data.Length, originalLength);
            output.Append((byte)'\n');
            return;
        }
        _timestamps.Write(output, timestampNanoseconds, invalidTimestampFraction, invalidFractionInNanoseconds);
        int linkHeaderLength = PrintDecoded(linkType, data, originalLength);
        if (process is not null)
        {
            if (_options.Verbosity > 0) output.Append("\n    "u8).Append(process.VerboseText);
            else output.Append(", "u8).Append(process.ShortText);
        }
        if (_options.Dump != DumpStyle.None)
        {
            int from = _options.DumpLinkHeader ? 0 : Math.Clamp(linkHeaderLength, 0, data.Length);
            ReadOnlySpan<byte> dumped = data[from..];
            switch (_options.Dump)
            {
                case DumpStyle.Hex: HexDump.WriteHex(output, dumped); break;
                case DumpStyle.HexAndAscii: HexDump.WriteHexAndAscii(output, dumped); break;
                case DumpStyle.Ascii: HexDump.WriteAscii(output, dumped); break;
            }
        }
        output.Append((byte)'\n');
    }

    /// <summary>
    /// A record whose lengths cannot describe a packet (nothing captured, nothing on the wire, or
    /// more captured than was sent) is not decoded: tcpdump prints this marker alone, without the
    /// timestamp or a dump, and so do we.
    /// </summary>
    private static void WriteInvalidHeader(Utf8Builder output, int capturedLength, int originalLength)
    {
        output.Append("[Invalid header: "u8);
        if (capturedLength == 0 || originalLength == 0)
        {
            if (capturedLength == 0) output.Append("caplen==0"u8);
            if (capturedLength == 0 && originalLength == 0) output.Append(", "u8);
            if (originalLength == 0) output.Append("len==0"u8);
        }
        else
        {
            output.Append("len("u8).Append(originalLength).Append(") < caplen("u8).Append(capturedLength).Append((byte)')');
        }
        output.Append((byte)']');
    }

    private int PrintDecoded(LinkType linkType, ReadOnlySpan<byte> data, int originalLength)
    {
        if (!ContainDecoderFaults) return _text.PrintPacket(linkType, data, originalLength);
        try
        {
            return _text.PrintPacket(linkType, data, originalLength);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A decoder bug must not end a read of a large file: mark the packet and go on.
            Output.Append(" [|decoder fault: "u8).Append(e.GetType().Name).Append((byte)']');
            return 0;
        }
    }
}
