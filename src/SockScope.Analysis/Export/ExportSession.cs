namespace SockScope.Analysis.Export;

/// <summary>
/// One export stream (one collector, one observation domain): packs flow records into IPFIX
/// messages or NetFlow v9 packets of at most <see cref="ExportSessionOptions.MaxMessageLength"/>
/// bytes, puts the templates (and the statistics options record) in front of the first message
/// and again every N messages and every T seconds, and numbers the messages: IPFIX counts the data
/// records sent before each message (RFC 7011 3.1), NetFlow v9 counts packets (RFC 3954 5.1).
/// Times are passed in (milliseconds since 1970) so that the session reads no clock.
/// </summary>
public sealed class ExportSession
{
    private readonly ExportSessionOptions _options;
    private readonly IExportMessageSink _sink;
    private readonly byte[] _buffer;
    private readonly ExportTemplate[] _flowTemplates;
    private readonly ExportTemplate _statisticsTemplate;
    private readonly long _startMilliseconds;
    private int _length;          // 0: no message open
    private int _setStart = -1;   // offset of the open set's header, -1: none
    private ushort _setId;
    private int _dataRecords;     // data records in the open message
    private int _v9Count;         // NetFlow v9: every record, templates included
    private uint _ipfixSequence;  // IPFIX: data records sent before the open message
    private uint _v9Sequence;     // NetFlow v9: packets sent before this one
    private int _messagesSinceTemplates;
    private long _templatesSentMilliseconds;
    private bool _templatesDue = true;

    /// <summary>Creates a session; <paramref name="startMilliseconds"/> is the exporter's start (NetFlow v9 uptime counts from it).</summary>
    public ExportSession(ExportSessionOptions options, IExportMessageSink sink, long startMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        if (options.Biflow && options.Protocol != ExportProtocol.Ipfix)
            throw new ArgumentException("biflow records (RFC 5103) need IPFIX: NetFlow v9 has no reverse elements", nameof(options));
        _flowTemplates = options.Biflow ? [ExportTemplate.BiflowIpv4, ExportTemplate.BiflowIpv6] : [ExportTemplate.Ipv4, ExportTemplate.Ipv6];
        _statisticsTemplate = options.Protocol == ExportProtocol.Ipfix ? ExportTemplate.IpfixStatistics : ExportTemplate.NetFlow9Statistics;
        int smallest = ExportEncoding.HeaderLength(options.Protocol) + TemplatesLength(options.Protocol) + 2 * (ExportEncoding.SetHeaderLength + 3)
            + _statisticsTemplate.RecordLength + _flowTemplates[1].RecordLength;
        if (options.MaxMessageLength < smallest || options.MaxMessageLength > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), $"the message length must be from {smallest} to {ushort.MaxValue} bytes");
        _options = options;
        _sink = sink;
        _buffer = new byte[options.MaxMessageLength];
        _startMilliseconds = startMilliseconds;
    }

    /// <summary>The options this session encodes with.</summary>
    public ExportSessionOptions Options => _options;
    /// <summary>Messages handed to the sink so far.</summary>
    public ulong MessagesEncoded { get; private set; }
    /// <summary>Flow records handed to the sink so far (options records not counted).</summary>
    public ulong RecordsEncoded { get; private set; }

    /// <summary>Makes the next message start with the templates (after a TCP reconnect, a collector restart).</summary>
    public void ResendTemplates() => _templatesDue = true;

    /// <summary>Adds one flow record; a full message goes to the sink first.</summary>
    public void Add(in FlowRecord record, long nowMilliseconds)
    {
        ExportTemplate template = ExportTemplate.For(record);
        if (record.HasReverse != _options.Biflow)
            throw new ArgumentException(_options.Biflow ? "this session exports biflow records" : "this session exports unidirectional records", nameof(record));
        Span<byte> destination = Reserve(template, nowMilliseconds);
        ExportEncoding.WriteFlowRecord(destination, template, record);
        RecordsEncoded++;
    }

    /// <summary>Adds a statistics options record (the templates carry the options template).</summary>
    public void AddStatistics(in ExporterStatistics statistics, long nowMilliseconds)
    {
        Span<byte> destination = Reserve(_statisticsTemplate, nowMilliseconds);
        ExportEncoding.WriteStatisticsRecord(destination, _statisticsTemplate, _options.ObservationDomain, statistics);
    }

    /// <summary>Finishes the open message, if any, and hands it to the sink.</summary>
    public void Flush(long nowMilliseconds)
    {
        if (_length == 0) return;
        CloseSet();
        uint nowSeconds = (uint)(nowMilliseconds / 1000);
        if (_options.Protocol == ExportProtocol.Ipfix)
        {
            ExportEncoding.WriteIpfixHeader(_buffer, _length, nowSeconds, _ipfixSequence, _options.ObservationDomain);
            _ipfixSequence += (uint)_dataRecords;
        }
        else
        {
            uint uptime = (uint)Math.Max(0, nowMilliseconds - _startMilliseconds);
            ExportEncoding.WriteNetFlow9Header(_buffer, _v9Count, uptime, nowSeconds, _v9Sequence, _options.ObservationDomain);
            _v9Sequence++;
        }
        int length = _length;
        int records = _dataRecords;
        _length = 0;
        _dataRecords = 0;
        _v9Count = 0;
        MessagesEncoded++;
        _messagesSinceTemplates++;
        _sink.OnMessage(_buffer.AsSpan(0, length), records);
    }

    /// <summary>
    /// Writes a message holding only the templates (and the options template) into
    /// <paramref name="destination"/>: what a TCP transport sends first on a new connection.
    /// Its IPFIX sequence number is the session's current one (the transport may rewrite it to the
    /// next queued message's). Returns the bytes written.
    /// </summary>
    public int WriteTemplateMessage(Span<byte> destination, long nowMilliseconds)
    {
        int header = ExportEncoding.HeaderLength(_options.Protocol);
        int length = header + WriteTemplates(destination[header..], out int count);
        uint nowSeconds = (uint)(nowMilliseconds / 1000);
        if (_options.Protocol == ExportProtocol.Ipfix)
            ExportEncoding.WriteIpfixHeader(destination, length, nowSeconds, _ipfixSequence, _options.ObservationDomain);
        else
            ExportEncoding.WriteNetFlow9Header(destination, count, (uint)Math.Max(0, nowMilliseconds - _startMilliseconds), nowSeconds, _v9Sequence, _options.ObservationDomain);
        return length;
    }

    /// <summary>Bytes a template-only message takes (see <see cref="WriteTemplateMessage"/>).</summary>
    public int TemplateMessageLength => ExportEncoding.HeaderLength(_options.Protocol) + TemplatesLength(_options.Protocol);

    private Span<byte> Reserve(ExportTemplate template, long nowMilliseconds)
    {
        // Room for the record, a new set header and the padding of the set before it.
        int needed = template.RecordLength + ExportEncoding.SetHeaderLength + 3;
        if (_length != 0 && _length + needed > _buffer.Length) Flush(nowMilliseconds);
        if (_length == 0) StartMessage(nowMilliseconds);
        if (_setStart < 0 || _setId != template.Id)
        {
            CloseSet();
            _setStart = _length;
            _setId = template.Id;
            _length += ExportEncoding.SetHeaderLength;
        }
        Span<byte> destination = _buffer.AsSpan(_length, template.RecordLength);
        _length += template.RecordLength;
        _dataRecords++;
        _v9Count++;
        return destination;
    }

    private void StartMessage(long nowMilliseconds)
    {
        _length = ExportEncoding.HeaderLength(_options.Protocol);
        bool due = _templatesDue
            || (_options.TemplateRefreshMessages > 0 && _messagesSinceTemplates >= _options.TemplateRefreshMessages)
            || (_options.TemplateRefreshSeconds > 0 && nowMilliseconds - _templatesSentMilliseconds >= _options.TemplateRefreshSeconds * 1000L);
        if (!due) return;
        _length += WriteTemplates(_buffer.AsSpan(_length), out int count);
        _v9Count += count;
        _templatesDue = false;
        _messagesSinceTemplates = 0;
        _templatesSentMilliseconds = nowMilliseconds;
        if (_options.Statistics is not null)
        {
            ExporterStatistics statistics = _options.Statistics();
            Span<byte> destination = Reserve(_statisticsTemplate, nowMilliseconds);
            ExportEncoding.WriteStatisticsRecord(destination, _statisticsTemplate, _options.ObservationDomain, statistics);
        }
    }

    /// <summary>A template set with the flow templates, then an options template set; returns the bytes written.</summary>
    private int WriteTemplates(Span<byte> destination, out int count)
    {
        ExportProtocol protocol = _options.Protocol;
        int offset = ExportEncoding.SetHeaderLength;
        foreach (ExportTemplate template in _flowTemplates)
            offset += ExportEncoding.WriteTemplateRecord(destination[offset..], protocol, template);
        ExportEncoding.WriteSetHeader(destination, ExportEncoding.TemplateSetId(protocol, options: false), offset);
        int optionsStart = offset;
        offset += ExportEncoding.SetHeaderLength;
        offset += ExportEncoding.WriteTemplateRecord(destination[offset..], protocol, _statisticsTemplate);
        offset = PadTo4(destination, optionsStart, offset);
        ExportEncoding.WriteSetHeader(destination[optionsStart..], ExportEncoding.TemplateSetId(protocol, options: true), offset - optionsStart);
        count = _flowTemplates.Length + 1;
        return offset;
    }

    private int TemplatesLength(ExportProtocol protocol)
    {
        int length = ExportEncoding.SetHeaderLength;
        foreach (ExportTemplate template in _flowTemplates)
            length += ExportEncoding.TemplateRecordLength(protocol, template);
        int options = ExportEncoding.SetHeaderLength + ExportEncoding.TemplateRecordLength(protocol, _statisticsTemplate);
        return length + ((options + 3) & ~3);
    }

    private void CloseSet()
    {
        if (_setStart < 0) return;
        // RFC 3954 asks for flowsets padded to 32 bits; RFC 7011 allows the same padding.
        _length = PadTo4(_buffer, _setStart, _length);
        ExportEncoding.WriteSetHeader(_buffer.AsSpan(_setStart), _setId, _length - _setStart);
        _setStart = -1;
    }

    private static int PadTo4(Span<byte> buffer, int setStart, int end)
    {
        while (((end - setStart) & 3) != 0) buffer[end++] = 0;
        return end;
    }
}
