using System.Globalization;
using System.Text;
using SockScope.Wire;
using SockScope.Wire.Decoding;

namespace SockScope.Analysis.Statistics;

/// <summary>
/// `-z io,phs`: the protocol hierarchy, frames and bytes under each protocol path, in tshark's
/// names, down to the layers SockScope decodes (link, VLAN, ARP, IPv4/IPv6, TCP, UDP, ICMP, ICMPv6, IGMP). Application protocols and tshark's "data" are not
/// named, so where tshark goes deeper its extra lines are the only difference.
/// </summary>
public sealed class ProtocolHierarchyTap : StatisticsTap
{
    private readonly Node _root = new("");
    private readonly FragmentPorts _fragments = new();

    /// <summary>Creates the tap.</summary>
    public ProtocolHierarchyTap(string spec) : base(spec) { }

    /// <inheritdoc />
    public override void Add(in StatisticsFrame frame, long relativeNanoseconds, ReadOnlySpan<byte> data, in DecodedPacket decoded)
    {
        Node node = _root;
        if (LinkName(frame.LinkType) is { } link) node = Step(node, link, frame.WireLength);
        bool walkedAll = true;
        var walker = new FrameWalker(data, decoded, _fragments);
        while (walker.MoveNext())
        {
            ref readonly TransportView view = ref walker.Current;
            node = Step(node, view.Name, frame.WireLength);
            walkedAll = view.Kind is not (ViewKind.Ipv4 or ViewKind.Ipv6) || !IsFragment(decoded);
        }
        // tshark lists a protocol whose header it found malformed (then marks the frame): so does this.
        if (walkedAll && decoded.StopError != Wire.WireError.None && LayerName(decoded.StopLayer) is { } broken)
            Step(node, broken, frame.WireLength);
    }

    private static bool IsFragment(in DecodedPacket decoded) => decoded.Contains(LayerKind.Ipv6Fragment)
        || (decoded.Count > 0 && decoded.Innermost.Kind == LayerKind.Payload);

    private static Node Step(Node parent, string name, int bytes)
    {
        Node? child = null;
        foreach (Node c in parent.Children)
        {
            if (c.Name == name)
            {
                child = c;
                break;
            }
        }
        if (child is null)
        {
            child = new Node(name);
            parent.Children.Add(child);
        }
        child.Frames++;
        child.Bytes += bytes;
        return child;
    }

    /// <summary>The pseudo-layer tshark shows for LINKTYPE_RAW (not for LINKTYPE_IPV4/IPV6, whose frames also start with IP).</summary>
    private static string? LinkName(LinkType linkType) => linkType == LinkType.Raw ? "raw" : null;

    /// <summary>tshark's protocol filter name for a decoded layer; null for bytes it names by content.</summary>
    internal static string? LayerName(LayerKind kind) => kind switch
    {
        LayerKind.Ethernet => "eth",
        LayerKind.Vlan => "vlan",
        LayerKind.Sll => "sll",
        LayerKind.Sll2 => "sll",
        LayerKind.NullLoopback => "null",
        LayerKind.Arp => "arp",
        LayerKind.Ipv4 => "ip",
        LayerKind.Ipv6 => "ipv6",
        LayerKind.Tcp => "tcp",
        LayerKind.Udp => "udp",
        LayerKind.Icmp => "icmp",
        LayerKind.Icmpv6 => "icmpv6",
        LayerKind.Igmp => "igmp",
        LayerKind.Mpls => "mpls",
        _ => null,
    };

    /// <inheritdoc />
    public override void Write(StringBuilder output, long elapsedNanoseconds)
    {
        output.Append('\n');
        output.Append("===================================================================\n");
        output.Append("Protocol Hierarchy Statistics\n");
        output.Append("Filter: \n\n");
        Draw(output, _root.Children, 0);
        output.Append("===================================================================\n");
    }

    private static void Draw(StringBuilder output, List<Node> nodes, int depth)
    {
        foreach (Node node in nodes)
        {
            var line = new StringBuilder();
            for (int i = 0; i < depth; i++)
            {
                if (i > 15)
                {
                    line.Append("...");
                    break;
                }
                line.Append("  ");
            }
            line.Append(node.Name);
            output.Append(TsharkText.Left(line.ToString(), 40)).Append(" frames:").Append(node.Frames.ToString(CultureInfo.InvariantCulture))
                .Append(" bytes:").Append(node.Bytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
            Draw(output, node.Children, depth + 1);
        }
    }

    private sealed class Node(string name)
    {
        public string Name { get; } = name;
        public long Frames { get; set; }
        public long Bytes { get; set; }
        public List<Node> Children { get; } = [];
    }
}
