using System.Buffers.Text;
using SockScope.Analysis.Flows;
using SockScope.Wire.Ip;

namespace SockScope.Analysis.ConnLog;

/// <summary>The two forms of a Zeek log.</summary>
public enum ZeekLogFormat
{
    /// <summary>Tab-separated with the #-header lines (Zeek's default ASCII writer).</summary>
    Tsv,
    /// <summary>One JSON object per line, unset fields left out (Zeek's LogAscii::use_json).</summary>
    Json,
}

/// <summary>
/// Writes flows as Zeek 6's conn.log: the fields ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto
/// service duration orig_bytes resp_bytes conn_state local_orig local_resp missed_bytes history
/// orig_pkts orig_ip_bytes resp_pkts resp_ip_bytes tunnel_parents, plus community_id and the
/// caller's <see cref="ExtraFields"/>. Formats into one reused buffer and writes to the stream in large chunks.
/// </summary>
/// <remarks>
/// service is <see cref="Flow.Service"/> (payload-based detection, see
/// <see cref="Services.ServiceDetector"/>; unset when unknown); local_orig/local_resp are
/// <see cref="Flow.LocalOriginator"/>/<see cref="Flow.LocalResponder"/> (T/F, JSON booleans; unset
/// unless local networks were configured, as in Zeek without Site::local_nets); tunnel_parents is
/// always unset (flows are keyed on the innermost IP header and no tunnel connections are kept).
/// As in Zeek, duration, orig_bytes and resp_bytes are unset when the duration is zero.
/// </remarks>
public sealed class ZeekConnLogWriter
{
    private const int FlushThreshold = 60 * 1024;
    private static readonly string[] Fields =
    [
        "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service", "duration", "orig_bytes", "resp_bytes",
        "conn_state", "local_orig", "local_resp", "missed_bytes", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes",
        "tunnel_parents", "community_id",
    ];
    private static readonly string[] Types =
    [
        "time", "string", "addr", "port", "addr", "port", "enum", "string", "interval", "count", "count",
        "string", "bool", "bool", "count", "string", "count", "count", "count", "count",
        "set[string]", "string",
    ];

    private readonly Stream _output;
    private readonly ulong _uidSeed;
    private readonly ushort _communityIdSeed;
    // Room for one record past the flush threshold, extra fields escaped at their longest included.
    private readonly byte[] _buffer = new byte[64 * 1024 + 16 * 1024];
    private readonly byte[] _value = new byte[ZeekExtraFields.MaxValueBytes];
    private int _used;

    /// <summary>Creates a writer.</summary>
    /// <param name="output">Where the log goes.</param>
    /// <param name="format">TSV or JSON.</param>
    /// <param name="uidSeed">Seed of the uids (see <see cref="ZeekUid"/>).</param>
    /// <param name="communityIdSeed">Community ID seed (default 0).</param>
    public ZeekConnLogWriter(Stream output, ZeekLogFormat format, ulong uidSeed, ushort communityIdSeed = 0)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        Format = format;
        _uidSeed = uidSeed;
        _communityIdSeed = communityIdSeed;
    }

    /// <summary>TSV or JSON.</summary>
    public ZeekLogFormat Format { get; }

    /// <summary>Columns appended after community_id (declared in #fields and #types), or null.</summary>
    public ZeekExtraFields? ExtraFields { get; init; }

    /// <summary>Records written.</summary>
    public long Records { get; private set; }

    /// <summary>Writes the #separator ... #types header (TSV only; nothing for JSON).</summary>
    /// <param name="openTime">The #open time.</param>
    public void WriteHeader(DateTimeOffset openTime)
    {
        if (Format != ZeekLogFormat.Tsv) return;
        Ascii("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t");
        Ascii(openTime.UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss", System.Globalization.CultureInfo.InvariantCulture));
        Ascii("\n#fields");
        foreach (string field in Fields) { Byte('\t'); Ascii(field); }
        if (ExtraFields is not null) foreach (ZeekField field in ExtraFields.Fields) { Byte('\t'); Ascii(field.Name); }
        Ascii("\n#types");
        foreach (string type in Types) { Byte('\t'); Ascii(type); }
        if (ExtraFields is not null) foreach (ZeekField field in ExtraFields.Fields) { Byte('\t'); Ascii(field.Type); }
        Byte('\n');
    }

    /// <summary>Writes the #close line (TSV only) and flushes.</summary>
    /// <param name="closeTime">The #close time.</param>
    public void WriteFooter(DateTimeOffset closeTime)
    {
        if (Format == ZeekLogFormat.Tsv)
        {
            Ascii("#close\t");
            Ascii(closeTime.UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss", System.Globalization.CultureInfo.InvariantCulture));
            Byte('\n');
        }
        Flush();
    }

    /// <summary>Writes one flow's record.</summary>
    public void Write(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (Format == ZeekLogFormat.Tsv) WriteTsv(flow);
        else WriteJson(flow);
        Records++;
        if (_used >= FlushThreshold) Flush();
    }

    /// <summary>Writes what is buffered to the stream.</summary>
    public void Flush()
    {
        if (_used > 0) _output.Write(_buffer, 0, _used);
        _used = 0;
        _output.Flush();
    }

    /// <summary>Zeek's proto field.</summary>
    public static string ProtocolName(IpProtocol protocol) => protocol switch
    {
        IpProtocol.Tcp => "tcp",
        IpProtocol.Udp => "udp",
        IpProtocol.Icmp or IpProtocol.Icmpv6 => "icmp",
        _ => "unknown_transport",
    };

    private void WriteTsv(Flow flow)
    {
        bool hasDuration = flow.LastTimestamp > flow.FirstTimestamp;
        Time(flow.FirstTimestamp, trim: false); Tab();
        Uid(flow); Tab();
        Address(flow.OriginatorAddress); Tab();
        Number(flow.OriginatorPort); Tab();
        Address(flow.ResponderAddress); Tab();
        Number(flow.ResponderPort); Tab();
        Ascii(ProtocolName(flow.Protocol)); Tab();
        if (flow.Service.IsEmpty) Unset(); else _used += flow.Service.Format(_buffer.AsSpan(_used));
        Tab();
        if (hasDuration)
        {
            Time(flow.LastTimestamp - flow.FirstTimestamp, trim: false); Tab();
            Number(flow.OriginatorBytes); Tab();
            Number(flow.ResponderBytes); Tab();
        }
        else
        {
            Unset(); Tab(); Unset(); Tab(); Unset(); Tab();
        }
        Ascii(StateName(flow.State)); Tab();
        Bool(flow.LocalOriginator); Tab();
        Bool(flow.LocalResponder); Tab();
        Number(flow.MissedBytes); Tab();
        if (flow.HistoryBytes.IsEmpty) Unset(); else Bytes(flow.HistoryBytes);
        Tab();
        Number(flow.Originator.Packets); Tab();
        Number(flow.Originator.IpBytes); Tab();
        Number(flow.Responder.Packets); Tab();
        Number(flow.Responder.IpBytes); Tab();
        Unset(); Tab(); // tunnel_parents
        CommunityIdField(flow);
        if (ExtraFields is not null) ExtraTsv(flow, ExtraFields);
        Byte('\n');
    }

    private void WriteJson(Flow flow)
    {
        bool hasDuration = flow.LastTimestamp > flow.FirstTimestamp;
        Ascii("{\"ts\":"); Time(flow.FirstTimestamp, trim: true);
        Ascii(",\"uid\":\""); Uid(flow);
        Ascii("\",\"id.orig_h\":\""); Address(flow.OriginatorAddress);
        Ascii("\",\"id.orig_p\":"); Number(flow.OriginatorPort);
        Ascii(",\"id.resp_h\":\""); Address(flow.ResponderAddress);
        Ascii("\",\"id.resp_p\":"); Number(flow.ResponderPort);
        Ascii(",\"proto\":\""); Ascii(ProtocolName(flow.Protocol)); Byte('"');
        if (!flow.Service.IsEmpty) { Ascii(",\"service\":\""); _used += flow.Service.Format(_buffer.AsSpan(_used)); Byte('"'); }
        if (hasDuration)
        {
            Ascii(",\"duration\":"); Time(flow.LastTimestamp - flow.FirstTimestamp, trim: true);
            Ascii(",\"orig_bytes\":"); Number(flow.OriginatorBytes);
            Ascii(",\"resp_bytes\":"); Number(flow.ResponderBytes);
        }
        Ascii(",\"conn_state\":\""); Ascii(StateName(flow.State)); Byte('"');
        if (flow.LocalOriginator is { } localOrig) Ascii(localOrig ? ",\"local_orig\":true" : ",\"local_orig\":false");
        if (flow.LocalResponder is { } localResp) Ascii(localResp ? ",\"local_resp\":true" : ",\"local_resp\":false");
        Ascii(",\"missed_bytes\":"); Number(flow.MissedBytes);
        if (!flow.HistoryBytes.IsEmpty) { Ascii(",\"history\":\""); Bytes(flow.HistoryBytes); Byte('"'); }
        Ascii(",\"orig_pkts\":"); Number(flow.Originator.Packets);
        Ascii(",\"orig_ip_bytes\":"); Number(flow.Originator.IpBytes);
        Ascii(",\"resp_pkts\":"); Number(flow.Responder.Packets);
        Ascii(",\"resp_ip_bytes\":"); Number(flow.Responder.IpBytes);
        Ascii(",\"community_id\":\""); CommunityIdField(flow); Byte('"');
        if (ExtraFields is not null) ExtraJson(flow, ExtraFields);
        Ascii("}\n");
    }

    private void ExtraTsv(Flow flow, ZeekExtraFields extra)
    {
        IReadOnlyList<ZeekField> fields = extra.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            Tab();
            int length = extra.Format(flow, i, _value);
            if (length < 0) { Unset(); continue; }
            ReadOnlySpan<byte> value = _value.AsSpan(0, Math.Min(length, _value.Length));
            // Zeek's ASCII writer: an empty string is (empty), a value that reads as unset is escaped.
            if (value.IsEmpty) { Ascii("(empty)"); continue; }
            if (value.SequenceEqual("-"u8)) { Ascii("\\x2d"); continue; }
            foreach (byte b in value)
            {
                if (b < 0x20 || b == 0x7F || b == (byte)'\\') Hex(b);
                else Byte((char)b);
            }
        }
    }

    private void ExtraJson(Flow flow, ZeekExtraFields extra)
    {
        IReadOnlyList<ZeekField> fields = extra.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            int length = extra.Format(flow, i, _value);
            if (length < 0) continue;
            ReadOnlySpan<byte> value = _value.AsSpan(0, Math.Min(length, _value.Length));
            bool bare = fields[i].Type is "count" or "int" or "double" or "port" or "bool" or "time" or "interval";
            Ascii(",\""); Ascii(fields[i].Name); Ascii("\":");
            if (bare) { Bytes(value); continue; }
            Byte('"');
            foreach (byte b in value)
            {
                if (b == (byte)'"' || b == (byte)'\\') { Byte('\\'); Byte((char)b); }
                else if (b < 0x20 || b == 0x7F) { Ascii("\\u00"); HexDigits(b); }
                else Byte((char)b);
            }
            Byte('"');
        }
    }

    private void Hex(byte b)
    {
        Byte('\\'); Byte('x'); HexDigits(b);
    }

    private void HexDigits(byte b)
    {
        Byte("0123456789abcdef"[b >> 4]);
        Byte("0123456789abcdef"[b & 0xF]);
    }

    private static string StateName(ConnectionState state) => state switch
    {
        ConnectionState.S0 => "S0",
        ConnectionState.S1 => "S1",
        ConnectionState.SF => "SF",
        ConnectionState.REJ => "REJ",
        ConnectionState.S2 => "S2",
        ConnectionState.S3 => "S3",
        ConnectionState.RSTO => "RSTO",
        ConnectionState.RSTR => "RSTR",
        ConnectionState.RSTOS0 => "RSTOS0",
        ConnectionState.RSTRH => "RSTRH",
        ConnectionState.SH => "SH",
        ConnectionState.SHR => "SHR",
        _ => "OTH",
    };

    private void Uid(Flow flow) => _used += ZeekUid.Format(_uidSeed, flow.Id, _buffer.AsSpan(_used));

    private void CommunityIdField(Flow flow) => _used += flow.FormatCommunityId(_buffer.AsSpan(_used), _communityIdSeed);

    private void Address(FlowAddress address)
    {
        address.TryFormat(_buffer.AsSpan(_used), out int written);
        _used += written;
    }

    /// <summary>Seconds with six decimals (Zeek's time and interval); JSON trims trailing zeros as Zeek's JSON writer does.</summary>
    private void Time(long nanoseconds, bool trim)
    {
        long micro = (nanoseconds + 500) / 1000;
        Number(micro / 1_000_000);
        Byte('.');
        int fraction = (int)(micro % 1_000_000);
        Span<byte> digits = stackalloc byte[6];
        for (int i = 5; i >= 0; i--) { digits[i] = (byte)('0' + fraction % 10); fraction /= 10; }
        int length = 6;
        if (trim) while (length > 1 && digits[length - 1] == '0') length--;
        Bytes(digits[..length]);
    }

    private void Number(long value)
    {
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out int written);
        _used += written;
    }

    private void Unset() => Byte('-');

    /// <summary>Zeek's bool in TSV: T or F, unset when null.</summary>
    private void Bool(bool? value) => Byte(value is null ? '-' : value.Value ? 'T' : 'F');

    private void Tab() => Byte('\t');

    private void Byte(char c) => _buffer[_used++] = (byte)c;

    private void Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void Ascii(string text)
    {
        if (_used + text.Length > _buffer.Length) Flush();
        _used += System.Text.Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_used));
    }
}
