using System.Buffers.Text;
using System.Text;
using SockScope.Analysis;
using SockScope.Analysis.ConnLog;
using SockScope.Analysis.Flows;
using SockScope.Net.Attribution;
using SockScope.Net.Capture;
using SockScope.Wire;
using SockScope.Wire.Ip;

namespace SockScope.Cli.Commands;

/// <summary>
/// `flows -i IFACE --process`: the local process on each side of a flow, as the conn.log columns
/// orig_pid orig_comm resp_pid resp_comm. The capture's own join (<see cref="ProcessAttribution"/>)
/// names the sender or receiver of a packet; the side it belongs to follows from the packet's
/// direction in the flow. Each side keeps the first process it is given (kept on the flow's
/// <see cref="Flow.Tag"/>: the analysis knows nothing of processes) and is not looked up again.
/// </summary>
internal sealed class FlowProcessColumns(ProcessAttribution attribution) : ZeekExtraFields
{
    /// <summary>Packets of one side looked up at most while its process stays unknown (an unowned or forwarded flow then costs nothing more).</summary>
    private const int MaxAttempts = 16;

    private static readonly ZeekField[] Columns =
        [new("orig_pid", "count"), new("orig_comm", "string"), new("resp_pid", "count"), new("resp_comm", "string")];

    public override IReadOnlyList<ZeekField> Fields => Columns;

    public ProcessAttribution Attribution => attribution;

    /// <summary>Sides named so far.</summary>
    public long SidesNamed { get; private set; }

    private sealed class Sides
    {
        public ProcessInfo? Originator, Responder;
        public int OriginatorAttempts, ResponderAttempts;
    }

    /// <summary>After the analyzer counted <paramref name="frame"/> into <paramref name="flow"/> (null: it did not).</summary>
    public void Observe(Flow? flow, FlowDirection direction, LinkType linkType, in CapturedFrame frame)
    {
        if (flow is null) return;
        PacketDirection packetDirection = frame.Direction;
        Sides sides;
        if (flow.Tag is Sides known) sides = known;
        else if (flow.Tag is null) flow.Tag = sides = new Sides();
        else return;
        bool icmp = flow.Protocol is IpProtocol.Icmp or IpProtocol.Icmpv6;
        // The packet's source side and destination side in the flow.
        bool fromOriginator = direction == FlowDirection.Originator;
        // ICMP echo: only the requester (the originator) has a socket; the kernel answers, no process does.
        bool wantSource = NeedsLookup(sides, fromOriginator) && (!icmp || fromOriginator);
        bool wantDestination = NeedsLookup(sides, !fromOriginator) && (!icmp || !fromOriginator);
        if (!wantSource && !wantDestination) return;
        LocalEnds ends = attribution.LookupEnds(linkType, frame.Data, packetDirection, frame.TimestampNanoseconds, out ProcessInfo? sender, out ProcessInfo? receiver);
        if (wantSource && (ends & LocalEnds.Sender) != 0) Assign(sides, fromOriginator, sender);
        if (wantDestination && (ends & LocalEnds.Receiver) != 0) Assign(sides, !fromOriginator, receiver);
    }

    private static bool NeedsLookup(Sides sides, bool originator) =>
        originator ? sides.Originator is null && sides.OriginatorAttempts < MaxAttempts : sides.Responder is null && sides.ResponderAttempts < MaxAttempts;

    private void Assign(Sides sides, bool originator, ProcessInfo? process)
    {
        if (originator)
        {
            sides.OriginatorAttempts++;
            if (process is null) return;
            sides.Originator = process;
        }
        else
        {
            sides.ResponderAttempts++;
            if (process is null) return;
            sides.Responder = process;
        }
        SidesNamed++;
    }

    public override int Format(Flow flow, int field, Span<byte> destination)
    {
        if (flow.Tag is not Sides sides) return -1;
        ProcessInfo? process = field < 2 ? sides.Originator : sides.Responder;
        if (process is null) return -1;
        if (field % 2 == 0) return Utf8Formatter.TryFormat(process.Pid, destination, out int written) ? written : -1;
        string comm = process.Command;
        return Encoding.UTF8.GetByteCount(comm) <= destination.Length ? Encoding.UTF8.GetBytes(comm, destination) : -1;
    }
}
