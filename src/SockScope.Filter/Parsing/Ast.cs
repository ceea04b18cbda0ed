namespace SockScope.Filter.Parsing;

/// <summary>The protocol qualifier of a primitive (<c>ether</c>, <c>ip</c>, <c>tcp</c>...), None when absent.</summary>
internal enum ProtoQual { None, Link, Ip, Ip6, Arp, Rarp, Tcp, Udp, Icmp, Icmp6, Igmp, Sctp }

/// <summary>The direction qualifier: <c>src</c>, <c>dst</c>, <c>src or dst</c> (the default), <c>src and dst</c>.</summary>
internal enum DirQual { None, Src, Dst, SrcOrDst, SrcAndDst }

/// <summary>The type qualifier: what the id names.</summary>
internal enum TypeQual { None, Host, Net, Port, PortRange, Proto }

internal readonly record struct Qualifiers(ProtoQual Proto, DirQual Dir, TypeQual Type);

/// <summary>A boolean node of the expression.</summary>
internal abstract record BoolExpr(int Column);
internal sealed record AndExpr(BoolExpr Left, BoolExpr Right, int Column) : BoolExpr(Column);
internal sealed record OrExpr(BoolExpr Left, BoolExpr Right, int Column) : BoolExpr(Column);
internal sealed record NotExpr(BoolExpr Operand, int Column) : BoolExpr(Column);

/// <summary><c>[proto] [dir] [type] id</c>: host, net, port, portrange, proto with the id as written.</summary>
internal sealed record IdPrimitive(Qualifiers Q, Token Id, Token? Mask, int MaskBits, int Column) : BoolExpr(Column);

/// <summary>A protocol name alone: <c>tcp</c>, <c>ip6</c>, <c>arp</c>.</summary>
internal sealed record ProtoPrimitive(ProtoQual Proto, int Column) : BoolExpr(Column);

internal enum SpecialKind { Less, Greater, Broadcast, Multicast, Vlan, Inbound, Outbound, IfIndex }

/// <summary><c>less N</c>, <c>greater N</c>, <c>[proto] broadcast</c>, <c>[proto] multicast</c>, <c>vlan [id]</c>.</summary>
internal sealed record SpecialPrimitive(SpecialKind Kind, ProtoQual Proto, uint? Value, int Column) : BoolExpr(Column);

internal enum RelOp { Eq, Ne, Lt, Le, Gt, Ge }

/// <summary><c>arith relop arith</c>.</summary>
internal sealed record Relation(RelOp Op, Arith Left, Arith Right, int Column) : BoolExpr(Column);

/// <summary>An arithmetic node (unsigned 32-bit, as BPF computes).</summary>
internal abstract record Arith(int Column);
internal sealed record NumberArith(uint Value, int Column) : Arith(Column);
internal sealed record LengthArith(int Column) : Arith(Column);
/// <summary><c>proto[index : size]</c>.</summary>
internal sealed record LoadArith(ProtoQual Proto, Arith Index, int Size, int Column) : Arith(Column);
internal sealed record BinaryArith(int AluOp, Arith Left, Arith Right, int Column) : Arith(Column);
internal sealed record NegateArith(Arith Operand, int Column) : Arith(Column);
