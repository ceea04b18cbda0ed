using System.Text;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Analysis.Flows;

/// <summary>
/// One bidirectional conversation in a <see cref="FlowTable"/>: its endpoints (originator first,
/// decided as Zeek decides), per-direction counters, TCP state, Zeek's conn_state and history.
/// Updating a flow allocates nothing; the strings (history, Community ID) are made on request.
/// </summary>
public sealed partial class Flow
{
    private FlowDirectionCounters _originator;
    private FlowDirectionCounters _responder;
    internal TcpEndpointTracker TcpOriginator;
    internal TcpEndpointTracker TcpResponder;
    internal FlowHistory HistoryLetters;
    private bool _udpOriginatorActive, _udpResponderActive;

    // Table bookkeeping: the key, the idle list (by last activity) and the age list (by start).
    internal FlowKey Key;
    internal int IdleList;
    internal Flow? IdlePrevious, IdleNext, AgePrevious, AgeNext;
    /// <summary>The stream reassembler a <see cref="TrafficAnalyzer"/> keeps for a TCP flow (created at its first payload).</summary>
    internal Reassembly.TcpStreamReassembler? Streams;
    /// <summary>The service detection a <see cref="TrafficAnalyzer"/> feeds with the first payloads (<see cref="Service"/>).</summary>
    internal Services.ServiceDetector ServiceDetection;

    internal Flow(long id, in FlowPacket packet, bool flip, long timestamp)
    {
        Id = id;
        Protocol = packet.Protocol;
        Vlan = packet.Vlan;
        InnerVlan = packet.InnerVlan;
        IsIcmpOneWay = packet.IsIcmpOneWay;
        if (flip)
        {
            OriginatorAddress = packet.Destination;
            OriginatorPort = packet.DestinationPort;
            ResponderAddress = packet.Source;
            ResponderPort = packet.SourcePort;
            Flipped = true;
            HistoryLetters.Add('^');
        }
        else
        {
            OriginatorAddress = packet.Source;
            OriginatorPort = packet.SourcePort;
            ResponderAddress = packet.Destination;
            ResponderPort = packet.DestinationPort;
        }
        FirstTimestamp = LastTimestamp = timestamp;
        ServiceDetection = new Services.ServiceDetector(Protocol, ResponderPort);
    }

    /// <summary>Sequential number within its table (1 for the first flow).</summary>
    public long Id { get; }
    /// <summary>The originator's address (Zeek's id.orig_h).</summary>
    public FlowAddress OriginatorAddress { get; }
    /// <summary>The originator's port; for ICMP the message type (Zeek's id.orig_p).</summary>
    public ushort OriginatorPort { get; }
    /// <summary>The responder's address (Zeek's id.resp_h).</summary>
    public FlowAddress ResponderAddress { get; }
    /// <summary>The responder's port; for ICMP the counterpart type or the code (Zeek's id.resp_p).</summary>
    public ushort ResponderPort { get; }
    /// <summary>The transport protocol.</summary>
    public IpProtocol Protocol { get; }
    /// <summary>Outer VLAN id, or -1.</summary>
    public int Vlan { get; }
    /// <summary>Inner VLAN id, or -1.</summary>
    public int InnerVlan { get; }
    /// <summary>An ICMP flow of one-way messages (its ports are type and code).</summary>
    public bool IsIcmpOneWay { get; }
    /// <summary>True when the first packet came from the responder (Zeek's '^' history letter).</summary>
    public bool Flipped { get; }
    /// <summary>Time of the first packet, ns since the epoch.</summary>
    public long FirstTimestamp { get; private set; }
    /// <summary>Time of the last packet, ns since the epoch.</summary>
    public long LastTimestamp { get; private set; }
    /// <summary>Duration from the first to the last packet.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks((LastTimestamp - FirstTimestamp) / 100);
    /// <summary>Originator-to-responder counters.</summary>
    public FlowDirectionCounters Originator => _originator;
    /// <summary>Responder-to-originator counters.</summary>
    public FlowDirectionCounters Responder => _responder;
    /// <summary>Bytes in stream holes (Zeek's missed_bytes), as reported through <see cref="AddGap"/>.</summary>
    public long MissedBytes { get; private set; }
    /// <summary>Why the flow left the table; <see cref="FlowEndReason.None"/> while in it.</summary>
    public FlowEndReason EndReason { get; internal set; }
    /// <summary>The originator's TCP state.</summary>
    public TcpEndpointState OriginatorTcpState => TcpOriginator.State;
    /// <summary>The responder's TCP state.</summary>
    public TcpEndpointState ResponderTcpState => TcpResponder.State;
    /// <summary>
    /// The application protocols confirmed from the payload (Zeek's service), in the order of
    /// confirmation; empty when unknown or when no <see cref="TrafficAnalyzer"/> with
    /// <see cref="TrafficAnalyzerOptions.DetectServices"/> fed this flow (see <see cref="Services.ServiceDetector"/>).
    /// </summary>
    public Services.ServiceSet Service => ServiceDetection.Services;
    /// <summary>Zeek's local_orig: whether the originator is in the analyzer's <see cref="TrafficAnalyzerOptions.LocalNetworks"/>; null (unset) when none are configured.</summary>
    public bool? LocalOriginator { get; internal set; }
    /// <summary>Zeek's local_resp: whether the responder is in the local networks; null when none are configured.</summary>
    public bool? LocalResponder { get; internal set; }
    /// <summary>Free for the table's user: per-flow state of an exporter, a reassembler, ...</summary>
    public object? Tag { get; set; }

    /// <summary>True when the protocol carries ports (or ICMP's port equivalents).</summary>
    public bool HasPorts => Protocol is IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Sctp or IpProtocol.Icmp or IpProtocol.Icmpv6;

    /// <summary>The counters of one direction.</summary>
    public FlowDirectionCounters this[FlowDirection direction] => direction == FlowDirection.Originator ? _originator : _responder;

    /// <summary>Zeek's orig_bytes: for TCP from sequence numbers (retransmissions not counted twice), otherwise payload bytes.</summary>
    public long OriginatorBytes => Protocol == IpProtocol.Tcp ? TcpOriginator.Size(TcpResponder) : _originator.PayloadBytes;

    /// <summary>Zeek's resp_bytes.</summary>
    public long ResponderBytes => Protocol == IpProtocol.Tcp ? TcpResponder.Size(TcpOriginator) : _responder.PayloadBytes;

    /// <summary>True once TCP is over in both directions or by a RST (the table then keeps it only for the close delay).</summary>
    public bool IsTcpClosed =>
        Protocol == IpProtocol.Tcp
        && (TcpOriginator.State == TcpEndpointState.Reset || TcpResponder.State == TcpEndpointState.Reset
            || (TcpOriginator.State == TcpEndpointState.Closed && TcpResponder.State == TcpEndpointState.Closed));

    /// <summary>Zeek's history letters as ASCII bytes (valid until the flow changes).</summary>
    public ReadOnlySpan<byte> HistoryBytes => HistoryLetters.AsSpan();

    /// <summary>Zeek's history letters.</summary>
    public string History => Encoding.ASCII.GetString(HistoryLetters.AsSpan());

    /// <summary>Zeek's conn_state.</summary>
    public ConnectionState State => Protocol switch
    {
        IpProtocol.Tcp => TcpConnectionState(),
        IpProtocol.Udp => _udpOriginatorActive
            ? (_udpResponderActive ? ConnectionState.SF : ConnectionState.S0)
            : (_udpResponderActive ? ConnectionState.SHR : ConnectionState.OTH),
        _ => ConnectionState.OTH,
    };

    /// <summary>The Community ID v1 of the flow.</summary>
    public string CommunityId(ushort seed = 0) =>
        Flows.CommunityId.Compute(OriginatorAddress, ResponderAddress, Protocol, OriginatorPort, ResponderPort, HasPorts, IsIcmpOneWay, seed);

    /// <summary>Writes the Community ID as ASCII into <paramref name="output"/> (at least <see cref="Flows.CommunityId.Length"/> bytes); returns the bytes written.</summary>
    public int FormatCommunityId(Span<byte> output, ushort seed = 0) =>
        Flows.CommunityId.Format(OriginatorAddress, ResponderAddress, Protocol, OriginatorPort, ResponderPort, HasPorts, IsIcmpOneWay, seed, output);

    /// <summary>Records a stream hole of <paramref name="length"/> bytes in one direction (missed_bytes and the 'G' history letter).</summary>
    public void AddGap(FlowDirection direction, long length)
    {
        if (length <= 0) return;
        MissedBytes += length;
        bool orig = direction == FlowDirection.Originator;
        ref TcpEndpointTracker endpoint = ref orig ? ref TcpOriginator : ref TcpResponder;
        if (endpoint.Gaps.Tick()) HistoryLetters.Add(orig ? 'G' : 'g');
    }

    /// <summary>Counts one packet; returns true when it was a TCP retransmission.</summary>
    internal void Update(FlowDirection direction, in FlowPacket packet, int wireLength, long timestamp)
    {
        bool orig = direction == FlowDirection.Originator;
        ref FlowDirectionCounters counters = ref orig ? ref _originator : ref _responder;
        counters.Count(packet.IpLength, wireLength, packet.PayloadLength, packet.TcpFlags, timestamp);
        if (timestamp > LastTimestamp) LastTimestamp = timestamp;
        if (timestamp < FirstTimestamp) FirstTimestamp = timestamp;
        switch (Protocol)
        {
            case IpProtocol.Tcp:
                UpdateTcp(orig, packet);
                break;
            case IpProtocol.Udp:
                if (orig) _udpOriginatorActive = true;
                else _udpResponderActive = true;
                HistoryLetters.AddOnce(orig ? 'D' : 'd', orig ? 0 : 1);
                break;
        }
    }
}
