using SockScope.Net.Attribution;
using SockScope.Wire;
using SockScope.Wire.Formatting;

namespace SockScope.Cli;

/// <summary>
/// Prints packets into one reusable <see cref="Utf8Builder"/>: the tcpdump line as the library's
/// <see cref="TcpdumpLineWriter"/> writes it (number, timestamp, decoded text, dump), or one JSON
/// object per line with --json. What is the tool's own: the choice between the two, and the
/// process that sent or receives the packet (attribution lives in SockScope.Net). Allocates
/// nothing per packet.
/// </summary>
internal sealed class PacketPrinter
{
    private readonly DisplayOptions _options;
    private readonly JsonPacketFormatter? _json;
    private readonly TcpdumpLineWriter? _lines;
    // The process suffix is handed to the line writer as one span; its parts are copied here.
    private byte[] _annotation = new byte[256];

    public PacketPrinter(Utf8Builder output, DisplayOptions options, TimeZoneInfo? zone = null, bool containDecoderFaults = false)
    {
        Output = output;
        _options = options;
        if (options.Json) _json = new JsonPacketFormatter();
        else _lines = new TcpdumpLineWriter(output, options.ToLineOptions(zone)) { ContainDecoderFaults = containDecoderFaults };
    }

    public Utf8Builder Output { get; }

    /// <summary>Appends one packet; <paramref name="frameNumber"/> counts from 1.</summary>
    /// <param name="process">The process that sent or receives the packet: a "process" member in JSON,
    /// ptcpdump's "Process (...)" lines with -v, ", PID/comm" at the end of the line otherwise.</param>
    public void Print(LinkType linkType, ReadOnlySpan<byte> data, int originalLength, long timestampNanoseconds, long frameNumber,
        long invalidTimestampFraction = -1, bool invalidFractionInNanoseconds = false, ProcessInfo? process = null)
    {
        if (_lines is not null)
        {
            _lines.Write(linkType, data, originalLength, timestampNanoseconds, frameNumber, ProcessSuffix(process),
                invalidTimestampFraction, invalidFractionInNanoseconds);
            return;
        }
        Utf8Builder output = Output;
        int start = output.Length;
        _json!.Format(output, linkType, data, originalLength, timestampNanoseconds, frameNumber);
        if (process is not null && output.Length > start && output.WrittenSpan[^1] == (byte)'}')
        {
            // The formatter closes the object last: reopen it for the process member.
            output.Truncate(output.Length - 1);
            output.Append(",\"process\":"u8).Append(process.JsonText).Append((byte)'}');
        }
        output.Append((byte)'\n');
    }

    /// <summary>ptcpdump's process text: its own indented lines with -v, ", PID/comm" otherwise.</summary>
    private ReadOnlySpan<byte> ProcessSuffix(ProcessInfo? process)
    {
        if (process is null) return default;
        ReadOnlySpan<byte> separator = _options.Verbosity > 0 ? "\n    "u8 : ", "u8;
        ReadOnlySpan<byte> text = _options.Verbosity > 0 ? process.VerboseText : process.ShortText;
        int length = separator.Length + text.Length;
        if (_annotation.Length < length) _annotation = new byte[Math.Max(length, _annotation.Length * 2)];
        separator.CopyTo(_annotation);
        text.CopyTo(_annotation.AsSpan(separator.Length));
        return _annotation.AsSpan(0, length);
    }
}
