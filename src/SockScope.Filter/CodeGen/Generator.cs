using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SockScope.Filter.Parsing;
using SockScope.Wire;

namespace SockScope.Filter.CodeGen;

/// <summary>
/// Turns the parsed expression into a graph of blocks with pcap-filter's meaning for each primitive:
/// the same tests in the same order as libpcap (which decides verdicts on truncated packets too), port
/// tests only on first fragments, the IPv4 header length taken from the packet, offsets moved by vlan.
/// </summary>
internal sealed partial class Generator
{
    private const uint EtherIp = 0x0800, EtherIp6 = 0x86dd, EtherArp = 0x0806, EtherRarp = 0x8035;
    private const uint ProtoTcp = 6, ProtoUdp = 17, ProtoSctp = 132, ProtoIcmp = 1, ProtoIgmp = 2, ProtoIcmp6 = 58, ProtoFragment = 44;

    /// <summary>PACKET_OUTGOING, the packet type of what the host sent.</summary>
    private const uint PacketOutgoing = 4;

    private readonly string _text;
    private readonly LinkLayout _link;

    private readonly bool _live;

    public Generator(string text, LinkType linkType, bool live)
    {
        _text = text;
        _link = LinkLayout.For(linkType);
        _live = live;
    }

    private FilterSyntaxException Error(string message, int column) => new(message, _text, column);

    public Pred Generate(BoolExpr expr) => expr switch
    {
        AndExpr a => Pred.And(Generate(a.Left), Generate(a.Right)),
        OrExpr o => Pred.Or(Generate(o.Left), Generate(o.Right)),
        NotExpr n => Pred.Not(Generate(n.Operand)),
        ProtoPrimitive p => ProtoAbbreviation(p.Proto, p.Column),
        SpecialPrimitive s => Special(s),
        IdPrimitive id => Id(id),
        Relation r => Relation(r),
        _ => throw Error("unsupported expression", expr.Column),
    };

    // ---- building blocks ----

    private static Pred Test(ushort jump, uint k, params BpfInstruction[] statements)
    {
        var block = new Block { Jump = jump, K = k };
        block.Statements.AddRange(statements);
        return Pred.Test(block);
    }

    private static BpfInstruction LoadAbs(int size, int offset) => BpfInstruction.Statement((ushort)(BpfOp.Ld | size | BpfOp.Abs), (uint)offset);

    private static int SizeCode(int bytes) => bytes switch { 1 => BpfOp.B, 2 => BpfOp.H, _ => BpfOp.W };

    private static Pred Compare(int size, int offset, uint value, uint mask = uint.MaxValue, int jump = BpfOp.Jeq)
    {
        ushort code = (ushort)(BpfOp.Jmp | jump | BpfOp.K);
        return mask == uint.MaxValue
            ? Test(code, value, LoadAbs(SizeCode(size), offset))
            : Test(code, value, LoadAbs(SizeCode(size), offset), BpfInstruction.Statement(BpfOp.Alu | BpfOp.And | BpfOp.K, mask));
    }

    /// <summary>A constant predicate; the optimiser folds it away.</summary>
    private static Pred Constant(bool value) => Test(BpfOp.Jmp | BpfOp.Jeq | BpfOp.K, 0, BpfInstruction.Statement(BpfOp.Ld | BpfOp.Imm, value ? 0u : 1u));

    private static Pred AndAll(IEnumerable<Pred> preds) => preds.Aggregate(Pred.And);
    private static Pred OrAll(IEnumerable<Pred> preds) => preds.Aggregate(Pred.Or);

    /// <summary>The network-layer protocol test (EtherType, SLL protocol, version nibble, address family).</summary>
    private Pred LinkProto(uint etherType)
    {
        if (_link.HasEtherType) return Compare(2, _link.TypeOffset, etherType);
        switch (_link.Type)
        {
            case LinkType.Raw:
                if (etherType == EtherIp) return Compare(1, 0, 0x40, 0xf0);
                if (etherType == EtherIp6) return Compare(1, 0, 0x60, 0xf0);
                return Constant(false);
            case LinkType.Ipv4: return Constant(etherType == EtherIp);
            case LinkType.Ipv6: return Constant(etherType == EtherIp6);
            case LinkType.Null or LinkType.Loop:
            {
                // The 4-byte address family. Files from BSD name IPv6 with 24, 28 or 30 (the BSDs and
                // macOS differ); libpcap tests all three, in the byte order of a little-endian writer.
                bool loop = _link.Type == LinkType.Loop;
                uint Word(uint family) => loop ? family : BinaryPrimitives.ReverseEndianness(family);
                if (etherType == EtherIp) return Compare(4, 0, Word(2));
                if (etherType == EtherIp6) return OrAll([Compare(4, 0, Word(30)), Compare(4, 0, Word(24)), Compare(4, 0, Word(28))]);
                return Constant(false);
            }
        }
        return Constant(false);
    }

    private int Nl => _link.Network;

    private Pred Ip => LinkProto(EtherIp);
    private Pred Ip6 => LinkProto(EtherIp6);

    /// <summary>Not a fragment after the first: the fragment offset is zero.</summary>
    private Pred FirstFragment() => Pred.Not(Compare(2, Nl + 6, 0x1fff, jump: BpfOp.Jset));

    private Pred IpProto(uint proto) => Pred.And(Ip, Compare(1, Nl + 9, proto));

    /// <summary>IPv6 next header, looking through one fragment header as libpcap does.</summary>
    private Pred Ip6Proto(uint proto) =>
        Pred.And(Ip6, Pred.Or(Compare(1, Nl + 6, proto), Pred.And(Compare(1, Nl + 6, ProtoFragment), Compare(1, Nl + 40, proto))));

    private Pred ProtoAbbreviation(ProtoQual proto, int column) => proto switch
    {
        ProtoQual.Ip => Ip,
        ProtoQual.Ip6 => Ip6,
        ProtoQual.Arp => LinkProto(EtherArp),
        ProtoQual.Rarp => LinkProto(EtherRarp),
        ProtoQual.Tcp => Pred.Or(IpProto(ProtoTcp), Ip6Proto(ProtoTcp)),
        ProtoQual.Udp => Pred.Or(IpProto(ProtoUdp), Ip6Proto(ProtoUdp)),
        ProtoQual.Sctp => Pred.Or(IpProto(ProtoSctp), Ip6Proto(ProtoSctp)),
        ProtoQual.Icmp => IpProto(ProtoIcmp),
        ProtoQual.Igmp => IpProto(ProtoIgmp),
        ProtoQual.Icmp6 => Ip6Proto(ProtoIcmp6),
        _ => throw Error("'ether' alone is not a test: use ether host, ether src/dst, ether proto, ether broadcast/multicast", column),
    };

    // ---- less, greater, broadcast, multicast, vlan ----

    private Pred Special(SpecialPrimitive s)
    {
        switch (s.Kind)
        {
            case SpecialKind.Less:
                return Pred.Not(Test(BpfOp.Jmp | BpfOp.Jgt | BpfOp.K, s.Value!.Value, BpfInstruction.Statement(BpfOp.Ld | BpfOp.W | BpfOp.Len)));
            case SpecialKind.Greater:
                return Test(BpfOp.Jmp | BpfOp.Jge | BpfOp.K, s.Value!.Value, BpfInstruction.Statement(BpfOp.Ld | BpfOp.W | BpfOp.Len));
            case SpecialKind.Broadcast:
                if (s.Proto is ProtoQual.None or ProtoQual.Link)
                {
                    if (!_link.IsEthernet) throw Error("not a broadcast link", s.Column);
                    return Pred.And(Compare(4, 2, 0xffffffff), Compare(2, 0, 0xffff));
                }
                if (s.Proto == ProtoQual.Ip)
                {
                    return Pred.And(Ip, Pred.Or(Compare(4, Nl + 16, 0), Compare(4, Nl + 16, 0xffffffff)));
                }
                throw Error("only link-layer/IP broadcast filters supported", s.Column);
            case SpecialKind.Multicast:
                if (s.Proto is ProtoQual.None or ProtoQual.Link)
                {
                    if (!_link.IsEthernet) throw Error("link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel", s.Column);
                    return Compare(1, 0, 1, jump: BpfOp.Jset);
                }
                if (s.Proto == ProtoQual.Ip) return Pred.And(Ip, Compare(1, Nl + 16, 224, jump: BpfOp.Jge));
                if (s.Proto == ProtoQual.Ip6) return Pred.And(Ip6, Compare(1, Nl + 24, 255));
                throw Error("link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel", s.Column);
            case SpecialKind.Inbound or SpecialKind.Outbound:
            {
                // The packet type: in the cooked headers' own field, elsewhere the kernel's ancillary
                // load (which works on a live socket; offline the load fails and nothing matches).
                if (!_live && _link.Type is not (LinkType.LinuxSll or LinkType.LinuxSll2))
                    throw Error($"inbound/outbound not supported on {LinkTypeNames.Description(_link.Type)} when reading savefiles", s.Column);
                Pred outgoing = _link.Type switch
                {
                    LinkType.LinuxSll => Compare(2, 0, PacketOutgoing),
                    LinkType.LinuxSll2 => Compare(1, 10, PacketOutgoing),
                    _ => Test(BpfOp.Jmp | BpfOp.Jeq | BpfOp.K, PacketOutgoing, BpfInstruction.Statement(BpfOp.Ld | BpfOp.H | BpfOp.Abs, Ancillary.PacketType)),
                };
                return s.Kind == SpecialKind.Outbound ? outgoing : Pred.Not(outgoing);
            }
            case SpecialKind.IfIndex:
                if (!_live && _link.Type != LinkType.LinuxSll2)
                    throw Error($"ifindex not supported on {LinkTypeNames.Description(_link.Type)} when reading savefiles", s.Column);
                return _link.Type == LinkType.LinuxSll2
                    ? Compare(4, 4, s.Value!.Value)
                    : Test(BpfOp.Jmp | BpfOp.Jeq | BpfOp.K, s.Value!.Value, BpfInstruction.Statement(BpfOp.Ld | BpfOp.W | BpfOp.Abs, Ancillary.InterfaceIndex));
            case SpecialKind.Vlan:
            {
                if (!_link.IsEthernet) throw Error($"no VLAN support for {LinkTypeNames.Description(_link.Type)}", s.Column);
                int at = _link.TypeOffset;
                Pred tagged = OrAll([Compare(2, at, 0x8100), Compare(2, at, 0x88a8), Compare(2, at, 0x9100)]);
                if (s.Value is uint id) tagged = Pred.And(tagged, Compare(2, at + 2, id, 0x0fff));
                // Everything after "vlan" looks inside the tag.
                _link.TypeOffset += 4;
                _link.Network += 4;
                return tagged;
            }
        }
        throw Error("unsupported primitive", s.Column);
    }

    internal static string Text(uint value) => value.ToString(CultureInfo.InvariantCulture);

    internal static bool TryIpv6(string text, out byte[] bytes)
    {
        if (IPAddress.TryParse(text, out IPAddress? a) && a.AddressFamily == AddressFamily.InterNetworkV6 && a.ScopeId == 0)
        {
            bytes = a.GetAddressBytes();
            return true;
        }
        bytes = [];
        return false;
    }
}
