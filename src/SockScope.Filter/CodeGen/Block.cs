namespace SockScope.Filter.CodeGen;

/// <summary>
/// A basic block of the program graph: straight-line statements, then either a conditional jump on A
/// (true and false successors) or, for a leaf, a return. Blocks as generated are self-contained: their
/// statements compute everything the jump tests, which lets the optimiser skip a block whose outcome is
/// already known without breaking what follows.
/// </summary>
internal sealed class Block
{
    public readonly List<BpfInstruction> Statements = [];
    /// <summary>The jump opcode (class JMP with operation and source) for an inner block.</summary>
    public ushort Jump;
    public uint K;
    public Block? True;
    public Block? False;
    public bool IsLeaf;
    public uint ReturnValue;
    /// <summary>Scratch id the optimiser and emitter use.</summary>
    public int Id;

    public static Block Leaf(uint value) => new() { IsLeaf = true, ReturnValue = value };

    public Block Successor(bool branch) => (branch ? True : False)!;

    public void SetSuccessor(bool branch, Block target)
    {
        if (branch) True = target;
        else False = target;
    }
}

/// <summary>
/// A predicate under construction: its entry block and the dangling exits taken when it is true and
/// when it is false, patched when predicates are combined (as in a short-circuit compiler).
/// </summary>
internal sealed class Pred
{
    public required Block Head;
    public required List<(Block Block, bool Branch)> Trues;
    public required List<(Block Block, bool Branch)> Falses;

    public static Pred Test(Block block) => new() { Head = block, Trues = [(block, true)], Falses = [(block, false)] };

    public static Pred And(Pred a, Pred b)
    {
        Patch(a.Trues, b.Head);
        return new Pred { Head = a.Head, Trues = b.Trues, Falses = [.. a.Falses, .. b.Falses] };
    }

    public static Pred Or(Pred a, Pred b)
    {
        Patch(a.Falses, b.Head);
        return new Pred { Head = a.Head, Trues = [.. a.Trues, .. b.Trues], Falses = b.Falses };
    }

    public static Pred Not(Pred a) => new() { Head = a.Head, Trues = a.Falses, Falses = a.Trues };

    public static void Patch(List<(Block Block, bool Branch)> exits, Block target)
    {
        foreach ((Block block, bool branch) in exits) block.SetSuccessor(branch, target);
    }
}
