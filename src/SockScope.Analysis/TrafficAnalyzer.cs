using SockScope.Analysis.Defragmentation;
using SockScope.Analysis.Flows;
using SockScope.Analysis.Reassembly;
using SockScope.Wire;
using SockScope.Wire.Decoding;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Analysis;

/// <summary>In-order bytes of one direction of a TCP flow; <paramref name="data"/> is valid only during the call.</summary>
/// <param name="flow">The flow.</param>
/// <param name="direction">The direction the bytes flowed in.</param>
/// <param name="streamOffset">Offset of the first byte in that direction's stream (holes count).</param>
/// <param name="data">The bytes (not copied: a view into the packet or the reassembly buffer).</param>
public delegate void StreamDataHandler(Flow flow, FlowDirection direction, long streamOffset, ReadOnlySpan<byte> data);

/// <summary>A hole in one direction of a TCP flow that will never fill.</summary>
/// <param name="flow">The flow.</param>
/// <param name="direction">The direction of the missing bytes.</param>
/// <param name="streamOffset">Offset of the first missing byte.</param>
/// <param name="length">Number of missing bytes.</param>
public delegate void StreamGapHandler(Flow flow, FlowDirection direction, long streamOffset, long length);

/// <summary>One direction of a TCP flow ended.</summary>
/// <param name="flow">The flow.</param>
/// <param name="direction">The direction that ended.</param>
/// <param name="reason">FIN, RST or flushed.</param>
public delegate void StreamEndedHandler(Flow flow, FlowDirection direction, TcpStreamEnd reason);

/// <summary>A datagram the defragmenter completed; <paramref name="datagram"/> (from the IP header on) is valid only during the call.</summary>
/// <param name="datagram">The reassembled IP datagram.</param>
/// <param name="timestampNanoseconds">Time of the fragment that completed it.</param>
public delegate void DatagramReassembledHandler(ReadOnlySpan<byte> datagram, long timestampNanoseconds);

/// <summary>
/// The analysis pipeline in one object: feed it frames (bytes, link type, time, original length) from
/// a file or a live capture, and it defragments IP, counts packets into flows
/// (<see cref="FlowTable"/>), reassembles TCP streams and raises events: <see cref="FlowStarted"/>,
/// <see cref="FlowEnded"/>, <see cref="StreamData"/>, <see cref="StreamGap"/>, <see cref="StreamEnded"/>
/// and <see cref="DatagramReassembled"/>. Time is packet time: timeouts advance with the timestamps
/// fed in (call <see cref="Advance"/> on a quiet live capture) and <see cref="Finish"/> ends everything.
/// Not thread-safe; events run synchronously on the caller's thread.
/// </summary>
public sealed class TrafficAnalyzer
{
    private readonly TrafficAnalyzerOptions _options;
    private DecodedPacket _decoded;
    private DecodedPacket _reassembledDecoded;
    private long _frames, _flowPackets, _notIp, _fragments, _reassembled;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="options">What to do and the limits (null: <see cref="TrafficAnalyzerOptions.Default"/>).</param>
    public TrafficAnalyzer(TrafficAnalyzerOptions? options = null)
    {
        _options = options ?? TrafficAnalyzerOptions.Default;
        Flows = new FlowTable(_options.Flows);
        Defragmenter = new IpDefragmenter(_options.Defragmentation);
        ReassemblyBudget = new ReassemblyBudget(_options.MaxReassemblyBytes);
        Flows.FlowStarted += OnFlowStarted;
        Flows.FlowEnded += OnFlowEnded;
    }

    /// <summary>Raised for each new flow, after its first packet was counted.</summary>
    public event FlowStartedHandler? FlowStarted;

    /// <summary>Raised once per flow when it leaves the table; its streams were flushed first (so gaps are in <see cref="Flow.MissedBytes"/>).</summary>
    public event FlowEndedHandler? FlowEnded;

    /// <summary>Raised with in-order TCP payload.</summary>
    public event StreamDataHandler? StreamData;

    /// <summary>Raised for each TCP hole given up.</summary>
    public event StreamGapHandler? StreamGap;

    /// <summary>Raised when one direction of a TCP stream ends.</summary>
    public event StreamEndedHandler? StreamEnded;

    /// <summary>Raised for each datagram the defragmenter completes (before it is counted into its flow).</summary>
    public event DatagramReassembledHandler? DatagramReassembled;

    /// <summary>The flow table (statistics, live flows).</summary>
    public FlowTable Flows { get; }

    /// <summary>The IP defragmenter (statistics).</summary>
    public IpDefragmenter Defragmenter { get; }

    /// <summary>The byte budget all TCP streams share (held bytes, peak, evictions).</summary>
    public ReassemblyBudget ReassemblyBudget { get; }

    /// <summary>
    /// The flow the frame last given to <see cref="Process"/> was counted into (null when it was not:
    /// not IP, a fragment still waiting for the rest), valid until the next call. Lets a caller keep
    /// its own per-flow facts beside the table (the live `flows --process` names each side's process).
    /// </summary>
    public Flow? LastFlow { get; private set; }

    /// <summary>The direction of the last counted frame within <see cref="LastFlow"/>.</summary>
    public FlowDirection LastDirection { get; private set; }

    /// <summary>Counters since creation.</summary>
    public TrafficAnalyzerStatistics Statistics => new()
    {
        Frames = _frames,
        FlowPackets = _flowPackets,
        NotIp = _notIp,
        Fragments = _fragments,
        Reassembled = _reassembled,
    };

    /// <summary>Feeds one frame. Malformed frames are counted, never thrown.</summary>
    /// <param name="frame">The captured bytes, from the link header on.</param>
    /// <param name="linkType">How to read the first header.</param>
    /// <param name="timestampNanoseconds">Capture time, ns since the epoch.</param>
    /// <param name="originalLength">The frame's length on the wire (at least the captured length).</param>
    public void Process(ReadOnlySpan<byte> frame, LinkType linkType, long timestampNanoseconds, int originalLength)
    {
        _frames++;
        LastFlow = null;
        PacketDecoder.DecodeInto(linkType, frame, ref _decoded);
        int fragmentLayer = _options.Defragment ? _decoded.FragmentLayerIndex : -1;
        if (fragmentLayer >= 0)
        {
            ProcessFragment(frame, fragmentLayer, timestampNanoseconds, originalLength);
            return;
        }
        if (!FlowPacket.TryCreate(frame, _decoded, out FlowPacket packet))
        {
            _notIp++;
            return;
        }
        Count(packet, timestampNanoseconds, Math.Max(originalLength, frame.Length));
    }

    /// <summary>Ends flows and fragments whose timeouts passed at <paramref name="nowNanoseconds"/> (for a live capture with no traffic).</summary>
    public void Advance(long nowNanoseconds)
    {
        Flows.Expire(nowNanoseconds);
        Defragmenter.ExpireOlderThan(nowNanoseconds);
    }

    /// <summary>End of input: flushes every stream and ends every flow (oldest first), drops incomplete datagrams.</summary>
    public void Finish()
    {
        Flows.Flush();
        Defragmenter.Clear();
    }

    private void ProcessFragment(ReadOnlySpan<byte> frame, int layerIndex, long timestamp, int originalLength)
    {
        Layer ipLayer = _decoded[layerIndex];
        DefragmentationResult result = Defragmenter.Process(frame[ipLayer.Offset..], timestamp, out ReadOnlySpan<byte> datagram);
        if (result == DefragmentationResult.NotFragmented)
        {
            if (FlowPacket.TryCreate(frame, _decoded, out FlowPacket whole)) Count(whole, timestamp, Math.Max(originalLength, frame.Length));
            else _notIp++;
            return;
        }
        _fragments++;
        if (result != DefragmentationResult.Reassembled) return;
        _reassembled++;
        DatagramReassembled?.Invoke(datagram, timestamp);
        PacketDecoder.DecodeInto(LinkType.Raw, datagram, ref _reassembledDecoded);
        if (!FlowPacket.TryCreate(datagram, _reassembledDecoded, out FlowPacket packet))
        {
            _notIp++;
            return;
        }
        // The link header (and its VLAN tags) came with the last fragment.
        if (FlowPacket.ReadVlanIds(frame, _decoded, out int vlan, out int innerVlan)) packet = packet with { Vlan = vlan, InnerVlan = innerVlan };
        Count(packet, timestamp, ipLayer.Offset + datagram.Length);
    }

    private void Count(in FlowPacket packet, long timestamp, int wireLength)
    {
        Flow flow = Flows.Process(packet, timestamp, wireLength, out FlowDirection direction);
        _flowPackets++;
        LastFlow = flow;
        LastDirection = direction;
        // The service hook: a decided flow (most packets) costs this one test.
        if (!flow.ServiceDetection.IsDecided && _options.DetectServices) flow.ServiceDetection.Observe(direction, packet.Payload);
        if (!_options.ReassembleStreams || packet.Protocol != IpProtocol.Tcp) return;
        TcpStreamReassembler? streams = flow.Streams;
        if (streams is null)
        {
            // Streams start at the first payload; a pure handshake or a SYN flood costs nothing here.
            if (packet.Payload.IsEmpty) return;
            streams = flow.Streams = new TcpStreamReassembler(_options.Reassembly, ReassemblyBudget);
            // Replay the SYNs the flow saw so the streams start at their ISNs, not at this segment.
            var relay = new StreamRelay(this, flow);
            if (flow.TcpOriginator.HaveSyn) streams.Process(FlowDirection.Originator, flow.TcpOriginator.LastSynSequence, 0, TcpFlags.Syn, default, relay);
            if (flow.TcpResponder.HaveSynAck) streams.Process(FlowDirection.Responder, flow.TcpResponder.LastSynAckSequence, 0, TcpFlags.Syn, default, relay);
            else if (flow.TcpResponder.HaveSyn) streams.Process(FlowDirection.Responder, flow.TcpResponder.LastSynSequence, 0, TcpFlags.Syn, default, relay);
            if (flow.TcpOriginator.HaveSynAck && !flow.TcpOriginator.HaveSyn)
                streams.Process(FlowDirection.Originator, flow.TcpOriginator.LastSynAckSequence, 0, TcpFlags.Syn, default, relay);
        }
        streams.Process(direction, packet.Sequence, packet.Acknowledgment, packet.TcpFlags, packet.Payload, new StreamRelay(this, flow));
    }

    private void OnFlowStarted(Flow flow)
    {
        if (_options.LocalNetworks is { } local)
        {
            flow.LocalOriginator = local.Contains(flow.OriginatorAddress);
            flow.LocalResponder = local.Contains(flow.ResponderAddress);
        }
        FlowStarted?.Invoke(flow);
    }

    private void OnFlowEnded(Flow flow)
    {
        if (flow.Streams is { } streams)
        {
            streams.Flush(new StreamRelay(this, flow));
            streams.Release();
            flow.Streams = null;
        }
        FlowEnded?.Invoke(flow);
    }

    /// <summary>
    /// Turns reassembler callbacks into the analyzer's events for one flow. A struct, so the
    /// reassembler's generic methods are compiled for it (no shared-generic lookups per segment).
    /// </summary>
    private readonly struct StreamRelay(TrafficAnalyzer owner, Flow flow) : ITcpStreamHandler
    {
        public void OnData(FlowDirection direction, long streamOffset, ReadOnlySpan<byte> data) =>
            owner.StreamData?.Invoke(flow, direction, streamOffset, data);

        public void OnGap(FlowDirection direction, long streamOffset, long length)
        {
            flow.AddGap(direction, length);
            owner.StreamGap?.Invoke(flow, direction, streamOffset, length);
        }

        public void OnEnd(FlowDirection direction, TcpStreamEnd reason) => owner.StreamEnded?.Invoke(flow, direction, reason);
    }
}
