using System.Diagnostics;
using SockScope.Analysis.Export;
using SockScope.Files;
using SockScope.Net;
using SockScope.Net.Export;
using SockScope.Wire;
using SockScope.Wire.Decoding;

namespace SockScope.Cli;

/// <summary>
/// Flow export for a command: frames are decoded, keyed as softflowd keys them and counted in an
/// <see cref="ExportFlowTable"/>; expired flows become records that every --export destination
/// encodes (its own <see cref="ExportSession"/>: sequence numbers, template refresh) and sends
/// through its transport. A file's flows are all exported by <see cref="Finish"/>; a live capture
/// also calls <see cref="Tick"/> so that idle flows leave while no packet arrives.
/// </summary>
internal sealed class FlowExportPipeline : IFlowRecordSink, IDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);
    private const long HousekeepingNanoseconds = 1_000_000_000;

    private readonly FlowExportOptions _options;
    private readonly ExportFlowTable _table;
    private readonly Target[] _targets;
    private DecodedPacket _decoded;
    private long _lastHousekeeping;
    private long _latestPacket;
    private long _lastFlush = Stopwatch.GetTimestamp();
    private bool _finished;

    /// <summary>Packets taken (IP or not).</summary>
    public long Packets { get; private set; }
    /// <summary>Packets without an IP header (not counted in any flow).</summary>
    public long NonIpPackets { get; private set; }
    /// <summary>Packets the capture dropped: sent to collectors in the statistics record.</summary>
    public long CaptureDrops { get; set; }
    /// <summary>The flow table (counters for the closing report and tests).</summary>
    public IFlowAccounting Accounting => _table;

    private sealed class Target(ExportUrl url, IExportTransport transport) : IExportMessageSink
    {
        public ExportUrl Url { get; } = url;
        public IExportTransport Transport { get; } = transport;
        public ExportSession Session { get; set; } = null!;
        public void OnMessage(ReadOnlySpan<byte> message, int dataRecords)
        {
            Transport.Send(message, dataRecords);
            // A refused datagram: the collector may be restarting, so the next message carries the templates.
            if (Transport.TakeTemplateRequest()) Session.ResendTemplates();
        }
    }

    /// <summary>Opens a transport per destination (UDP sockets connect at once; TCP connects in the background).</summary>
    public FlowExportPipeline(FlowExportOptions options)
    {
        _options = options;
        _table = new ExportFlowTable(new FlowAccountingOptions
        {
            IdleTimeout = options.IdleTimeout,
            ActiveTimeout = options.ActiveTimeout,
            MaxFlows = options.MaxFlows,
            Biflow = options.Biflow,
        }, this);
        long start = NowMilliseconds();
        var targets = new List<Target>();
        try
        {
            foreach (ExportUrl url in options.Targets)
            {
                ExportSession? session = null;
                IExportTransport transport = url.Tcp
                    ? new TcpExportTransport(url.Endpoint, url.Text)
                    {
                        // A new connection starts with the templates, numbered like the message that follows.
                        Preamble = next => TemplatePreamble(session!, next.Span),
                    }
                    : OpenUdp(url);
                var target = new Target(url, transport);
                targets.Add(target);
                session = new ExportSession(new ExportSessionOptions
                {
                    Protocol = url.Protocol,
                    ObservationDomain = options.ObservationDomain,
                    // TCP keeps the templates for the connection's life: they go once per connection.
                    TemplateRefreshMessages = url.Tcp ? 0 : options.TemplateRefreshMessages,
                    TemplateRefreshSeconds = url.Tcp ? 0 : options.TemplateRefreshSeconds,
                    Biflow = options.Biflow,
                    Statistics = () => StatisticsFor(target),
                }, target, start);
                target.Session = session;
            }
        }
        catch
        {
            foreach (Target t in targets) t.Transport.Dispose();
            throw;
        }
        _targets = [.. targets];
    }

    private static IExportTransport OpenUdp(ExportUrl url)
    {
        try { return UdpExportTransport.Open(url.Endpoint, url.Text); }
        catch (NetOperationException e) { throw new CommandException(e.Message); }
    }

    private static byte[] TemplatePreamble(ExportSession session, ReadOnlySpan<byte> next)
    {
        var preamble = new byte[session.TemplateMessageLength];
        session.WriteTemplateMessage(preamble, NowMilliseconds());
        if (session.Options.Protocol == ExportProtocol.Ipfix && next.Length >= ExportEncoding.IpfixHeaderLength)
            ExportEncoding.WriteIpfixSequence(preamble, ExportEncoding.ReadIpfixSequence(next));
        return preamble;
    }

    private ExporterStatistics StatisticsFor(Target target)
    {
        ExportTransportCounters c = target.Transport.Counters;
        return new ExporterStatistics
        {
            MessagesSent = (ulong)c.MessagesSent,
            RecordsSent = (ulong)c.RecordsSent,
            RecordsNotSent = (ulong)c.RecordsLost,
            FlowsEvicted = (ulong)_table.FlowsEvicted,
            PacketsDroppedByCapture = (ulong)Math.Max(0, CaptureDrops),
            IdleTimeoutSeconds = (ushort)Math.Min(ushort.MaxValue, _options.IdleTimeout.TotalSeconds),
            ActiveTimeoutSeconds = (ushort)Math.Min(ushort.MaxValue, _options.ActiveTimeout.TotalSeconds),
        };
    }

    /// <summary>Counts one frame captured at <paramref name="timestampNanoseconds"/>.</summary>
    public void OnFrame(LinkType linkType, ReadOnlySpan<byte> frame, int originalLength, long timestampNanoseconds)
    {
        Packets++;
        PacketDecoder.DecodeInto(linkType, frame, ref _decoded);
        if (!ExportPacketClassifier.TryClassify(frame, originalLength, _decoded, out ExportPacket packet))
        {
            NonIpPackets++;
            return;
        }
        if (timestampNanoseconds > _latestPacket) _latestPacket = timestampNanoseconds;
        _table.Observe(packet, timestampNanoseconds);
        // Expiry follows the packets' own clock, so a file exports as it would have live.
        if (_latestPacket - _lastHousekeeping >= HousekeepingNanoseconds)
        {
            _lastHousekeeping = _latestPacket;
            _table.Expire(_latestPacket);
        }
    }

    /// <summary>Live capture, between batches: idle flows expire by the wall clock; open messages leave within a second.</summary>
    public void Tick()
    {
        long now = NowMilliseconds() * 1_000_000;
        if (now - _lastHousekeeping >= HousekeepingNanoseconds / 4)
        {
            _lastHousekeeping = Math.Max(_lastHousekeeping, now);
            _table.Expire(now);
        }
        if (Stopwatch.GetElapsedTime(_lastFlush) >= TimeSpan.FromSeconds(1))
        {
            _lastFlush = Stopwatch.GetTimestamp();
            long ms = NowMilliseconds();
            foreach (Target t in _targets) t.Session.Flush(ms);
        }
    }

    /// <summary>Counts the frames of a capture file (after <paramref name="filter"/>); returns how many matched.</summary>
    public long RunFile(CaptureFileReader reader, IPacketFilter? filter, long limit = 0, Func<bool>? stopRequested = null)
    {
        long matched = 0;
        int cut = SnapshotCut.For(reader);
        while (reader.TryRead(out CaptureRecord record))
        {
            ReadOnlySpan<byte> data = SnapshotCut.Apply(record.Data, cut);
            if (filter is not null && !filter.Matches(data, record.OriginalLength)) continue;
            matched++;
            OnFrame(record.LinkType, data, record.OriginalLength, record.TimestampNanoseconds);
            if (limit > 0 && matched >= limit) break;
            if ((matched & 0xFFF) == 0 && stopRequested is not null && stopRequested()) break;
        }
        return matched;
    }

    /// <inheritdoc/>
    void IFlowRecordSink.OnRecord(in FlowRecord record)
    {
        long ms = NowMilliseconds();
        foreach (Target t in _targets) t.Session.Add(record, ms);
    }

    /// <summary>Exports every flow still held, a last statistics record, and waits (2 s at most) for queued messages to leave.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        _table.FlushAll();
        long ms = NowMilliseconds();
        foreach (Target t in _targets)
        {
            t.Session.Flush(ms);
            t.Session.AddStatistics(StatisticsFor(t), ms);
            t.Session.Flush(ms);
        }
        foreach (Target t in _targets) t.Transport.Close(DrainTimeout);
    }

    /// <summary>The closing counters on <paramref name="error"/>: flows, then per destination what was sent and lost.</summary>
    public void WriteCounters(TextWriter error)
    {
        error.WriteLine($"flow export: {Packets} packets ({NonIpPackets} not IP), {_table.RecordsExported} records, " +
            $"{_table.FlowsEvicted} flows evicted (table full), {_table.ActiveFlows} flows held");
        foreach (Target t in _targets)
        {
            ExportTransportCounters c = t.Transport.Counters;
            string connections = t.Url.Tcp ? $", {c.Connections} connection{(c.Connections == 1 ? "" : "s")}" : "";
            error.WriteLine($"export {t.Url.Text}: {c.RecordsSent} records in {c.MessagesSent} messages sent, " +
                $"{c.RecordsLost} records in {c.MessagesLost} messages lost, {c.SendFailures} send failures{connections}");
        }
    }

    /// <summary>Sum over the destinations of records lost.</summary>
    public long RecordsLost => _targets.Sum(t => t.Transport.Counters.RecordsLost);

    private static long NowMilliseconds() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Target t in _targets) t.Transport.Dispose();
    }
}
