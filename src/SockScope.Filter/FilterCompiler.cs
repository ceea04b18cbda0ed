using SockScope.Filter.CodeGen;
using SockScope.Filter.Parsing;
using SockScope.Wire;

namespace SockScope.Filter;

/// <summary>
/// Compiles pcap-filter(7) expressions to classic BPF with libpcap's meaning, for the link types
/// SockScope captures and reads: EN10MB, LINUX_SLL, LINUX_SLL2, RAW, IPV4, IPV6, NULL and LOOP.
/// </summary>
public static class FilterCompiler
{
    /// <summary>
    /// Compiles <paramref name="expression"/>; an empty expression accepts everything. Throws
    /// <see cref="FilterSyntaxException"/> (with the column) for an expression tcpdump would refuse or that
    /// SockScope does not implement, and <see cref="ArgumentException"/> for an unsupported link type.
    /// </summary>
    public static BpfProgram Compile(string expression, LinkType linkType, int snapLength = 262144) =>
        Compile(expression, linkType, snapLength, live: false);

    /// <summary>
    /// Compiles for a live socket when <paramref name="live"/> is true: <c>inbound</c>, <c>outbound</c> and
    /// <c>ifindex</c> then use the kernel's ancillary loads on every link type (offline, as with
    /// <c>tcpdump -r</c>, they work only where the cooked header carries the field).
    /// </summary>
    public static BpfProgram Compile(string expression, LinkType linkType, int snapLength, bool live)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (snapLength <= 0) throw new ArgumentOutOfRangeException(nameof(snapLength), "the snapshot length must be positive");
        BoolExpr? tree = Parser.Parse(expression);
        var accept = Block.Leaf((uint)snapLength);
        if (tree is null) return new BpfProgram([BpfInstruction.Statement(BpfOp.Ret | BpfOp.K, (uint)snapLength)]);

        Pred pred = new Generator(expression, linkType, live).Generate(tree);
        var reject = Block.Leaf(0);
        Pred.Patch(pred.Trues, accept);
        Pred.Patch(pred.Falses, reject);
        Block root = new Optimizer().Optimize(pred.Head);
        if (root.IsLeaf && root.ReturnValue == 0)
        {
            // tcpdump refuses these too: a filter that can never match is almost always a mistake.
            throw new FilterSyntaxException("expression rejects all packets", expression, 0);
        }
        BpfInstruction[] program = Emitter.Emit(root);
        if (program.Length > BpfOp.MaxInstructions)
        {
            throw new FilterSyntaxException($"expression too complex: the program has {program.Length} instructions, more than the kernel's {BpfOp.MaxInstructions}", expression, 0);
        }
        return new BpfProgram(program);
    }
}
