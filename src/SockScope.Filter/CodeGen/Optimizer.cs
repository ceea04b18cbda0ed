namespace SockScope.Filter.CodeGen;

/// <summary>
/// Shrinks the generated graph the way a reader would by hand: a test whose outcome is already known on
/// the way in (the same comparison of the same value was made before, or the value is a known constant)
/// is jumped over; blocks that nobody reaches or that duplicate another go; loads of a value the
/// register already holds and stores nobody reads are dropped.
/// </summary>
internal sealed class Optimizer
{
    private readonly ValueNumbers _vn = new();

    /// <summary>One comparison: operation, the value in A, the operand value (constant or X).</summary>
    private readonly record struct Comparison(int Op, int A, int Operand);
    private readonly record struct Fact(Comparison Test, bool Outcome);

    private readonly Dictionary<Block, Comparison> _tests = [];

    /// <summary>How many facts an edge carries at most (bounds the work on very long filters).</summary>
    private const int MaxFacts = 64;

    public Block Optimize(Block root)
    {
        for (int round = 0; round < 64; round++)
        {
            bool changed = false;
            root = Thread(root, ref changed);
            root = MergeDuplicates(root, ref changed);
            GroupChains(root, ref changed);
            if (!changed) break;
        }
        RemoveRedundantLoads(root);
        RemoveDeadStatements(root);
        // Blocks that became the same instructions with the same successors behave the same.
        bool ignored = false;
        root = MergeDuplicates(root, ref ignored);
        return root;
    }

    // ---- graph helpers ----

    /// <summary>Blocks reachable from <paramref name="root"/>, predecessors before successors.</summary>
    internal static List<Block> TopologicalOrder(Block root)
    {
        var order = new List<Block>();
        var visited = new HashSet<Block>();
        var stack = new Stack<(Block Block, bool Expanded)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            (Block b, bool expanded) = stack.Pop();
            if (expanded) { order.Add(b); continue; }
            if (!visited.Add(b)) continue;
            stack.Push((b, true));
            if (!b.IsLeaf)
            {
                // False pushed last so it is explored first: true branches end up earlier in the layout.
                if (!visited.Contains(b.True!)) stack.Push((b.True!, false));
                if (!visited.Contains(b.False!)) stack.Push((b.False!, false));
            }
        }
        order.Reverse();
        return order;
    }

    private Comparison TestOf(Block b)
    {
        if (_tests.TryGetValue(b, out Comparison c)) return c;
        MachineState s = MachineState.Unknown(_vn);
        foreach (BpfInstruction ins in b.Statements) s.Apply(ins, _vn);
        int operand = BpfOp.SrcOf(b.Jump) == BpfOp.X ? s.X : _vn.Constant(b.K);
        c = new Comparison(BpfOp.OpOf(b.Jump), s.A, operand);
        _tests[b] = c;
        return c;
    }

    private bool? Decide(Comparison test, HashSet<Fact>? facts)
    {
        if (_vn.TryConstant(test.A, out uint a) && _vn.TryConstant(test.Operand, out uint k)) return Evaluate(test.Op, a, k);
        if (facts is null) return null;
        if (facts.Contains(new Fact(test, true))) return true;
        if (facts.Contains(new Fact(test, false))) return false;
        foreach (Fact f in facts)
        {
            if (f.Outcome && f.Test.Op == BpfOp.Jeq && f.Test.A == test.A && _vn.TryConstant(f.Test.Operand, out uint known)
                && _vn.TryConstant(test.Operand, out uint k2))
            {
                return Evaluate(test.Op, known, k2);
            }
        }
        return null;
    }

    private static bool Evaluate(int op, uint a, uint k) => op switch
    {
        BpfOp.Jeq => a == k,
        BpfOp.Jgt => a > k,
        BpfOp.Jge => a >= k,
        _ => (a & k) != 0,
    };

    // ---- jump threading ----

    private Block Thread(Block root, ref bool changed)
    {
        root = Follow(root, null, ref changed);
        List<Block> order = TopologicalOrder(root);
        var entryFacts = new Dictionary<Block, HashSet<Fact>> { [root] = [] };
        foreach (Block b in order)
        {
            if (b.IsLeaf) continue;
            HashSet<Fact> facts = entryFacts.TryGetValue(b, out HashSet<Fact>? f) ? f : [];
            Comparison test = TestOf(b);
            foreach (bool branch in new[] { true, false })
            {
                // Sets are never changed once made, so a full one can be shared: on very long
                // filters the later facts are dropped, which only means fewer tests are skipped.
                HashSet<Fact> edge = facts.Count >= MaxFacts ? facts : new HashSet<Fact>(facts) { new Fact(test, branch) };
                Block target = Follow(b.Successor(branch), edge, ref changed);
                b.SetSuccessor(branch, target);
                if (entryFacts.TryGetValue(target, out HashSet<Fact>? existing))
                {
                    if (!ReferenceEquals(existing, edge)) entryFacts[target] = [.. existing.Where(edge.Contains)];
                }
                else entryFacts[target] = edge;
            }
            // A test is useless when taking its other branch would end in the same place anyway
            // ("ethertype == 0x800 -> drop, else ethertype > 1500 -> drop": the first test can go).
            if (b.True != b.False && facts.Count < MaxFacts)
            {
                bool ignored = false;
                if (Follow(b.False!, new HashSet<Fact>(facts) { new Fact(test, true) }, ref ignored) == b.True) { b.True = b.False; changed = true; }
                else if (Follow(b.True!, new HashSet<Fact>(facts) { new Fact(test, false) }, ref ignored) == b.False) { b.False = b.True; changed = true; }
            }
        }
        return root;
    }

    /// <summary>Follows <paramref name="target"/> past every block whose outcome the facts decide.</summary>
    private Block Follow(Block target, HashSet<Fact>? facts, ref bool changed)
    {
        for (int guard = 0; guard < 100000 && !target.IsLeaf; guard++)
        {
            if (target.True == target.False) { target = target.True!; changed = true; continue; }
            bool? outcome = Decide(TestOf(target), facts);
            if (outcome is null) break;
            target = target.Successor(outcome.Value);
            changed = true;
        }
        return target;
    }

    // ---- grouping tests of the same value ----

    /// <summary>
    /// In a chain of tests that all jump to the same place when true (an "or" chain, linked by their false
    /// edges) or all to the same place when false (an "and" chain), the order does not change the result;
    /// grouping the tests of the same value together lets the loads between them go, as libpcap's
    /// optimiser does for "host a or host b".
    /// </summary>
    private void GroupChains(Block root, ref bool changed)
    {
        List<Block> order = TopologicalOrder(root);
        var predecessors = new Dictionary<Block, int>();
        foreach (Block b in order)
        {
            if (b.IsLeaf) continue;
            predecessors[b.True!] = predecessors.GetValueOrDefault(b.True!) + 1;
            predecessors[b.False!] = predecessors.GetValueOrDefault(b.False!) + 1;
        }
        var inChain = new HashSet<Block>();
        foreach (Block head in order)
        {
            if (head.IsLeaf || inChain.Contains(head)) continue;
            foreach (bool link in new[] { false, true })
            {
                // link = the edge that continues the chain; the other edge is the shared exit.
                Block exit = head.Successor(!link);
                var chain = new List<Block> { head };
                Block next = head.Successor(link);
                while (!next.IsLeaf && next.Successor(!link) == exit && predecessors.GetValueOrDefault(next) == 1 && !inChain.Contains(next))
                {
                    chain.Add(next);
                    next = next.Successor(link);
                }
                if (chain.Count < 3) continue;
                List<Block> grouped = chain.Select((b, i) => (b, i)).GroupBy(x => TestOf(x.b).A)
                    .SelectMany(g => g).Select(x => x.b).ToList();
                foreach (Block b in chain) inChain.Add(b);
                if (grouped.SequenceEqual(chain)) continue;
                for (int i = 0; i < grouped.Count - 1; i++) grouped[i].SetSuccessor(link, grouped[i + 1]);
                grouped[^1].SetSuccessor(link, next);
                changed = true;
            }
        }
    }

    // ---- duplicates ----

    private static Block MergeDuplicates(Block root, ref bool changed)
    {
        List<Block> order = TopologicalOrder(root);
        var canonical = new Dictionary<string, Block>();
        var replacement = new Dictionary<Block, Block>();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            Block b = order[i];
            if (!b.IsLeaf)
            {
                if (replacement.TryGetValue(b.True!, out Block? t)) b.True = t;
                if (replacement.TryGetValue(b.False!, out Block? f)) b.False = f;
            }
            string key = Key(b);
            if (canonical.TryGetValue(key, out Block? same))
            {
                replacement[b] = same;
                changed = true;
            }
            else canonical[key] = b;
            b.Id = canonical.Count;
        }
        return replacement.TryGetValue(root, out Block? r) ? r : root;
    }

    private static string Key(Block b)
    {
        if (b.IsLeaf) return "ret " + b.ReturnValue;
        var text = new System.Text.StringBuilder();
        foreach (BpfInstruction s in b.Statements) text.Append(s.Code).Append(',').Append(s.K).Append(';');
        text.Append(b.Jump).Append(',').Append(b.K).Append('>').Append(b.True!.Id).Append('/').Append(b.False!.Id);
        return text.ToString();
    }

    // ---- redundant loads and dead statements ----

    private void RemoveRedundantLoads(Block root)
    {
        List<Block> order = TopologicalOrder(root);
        var entry = new Dictionary<Block, MachineState>();
        foreach (Block b in order)
        {
            MachineState state = entry.TryGetValue(b, out MachineState s) ? s.Copy() : MachineState.Unknown(_vn);
            for (int i = 0; i < b.Statements.Count; i++)
            {
                if (!state.Apply(b.Statements[i], _vn)) b.Statements.RemoveAt(i--);
            }
            if (b.IsLeaf) continue;
            foreach (Block next in new[] { b.True!, b.False! })
            {
                entry[next] = entry.TryGetValue(next, out MachineState other) ? MachineState.Meet(other, state, _vn) : state.Copy();
            }
        }
    }

    // Register sets as bit masks: bit 0 = A, bit 1 = X, bits 2..17 = M[0..15].
    private const int RegA = 1, RegX = 2;
    private static int Mem(uint k) => 4 << (int)k;

    private static void RemoveDeadStatements(Block root)
    {
        List<Block> order = TopologicalOrder(root);
        var liveIn = new Dictionary<Block, int>();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            Block b = order[i];
            int live = 0;
            if (!b.IsLeaf)
            {
                live = liveIn[b.True!] | liveIn[b.False!] | RegA;
                if (BpfOp.SrcOf(b.Jump) == BpfOp.X) live |= RegX;
            }
            for (int j = b.Statements.Count - 1; j >= 0; j--)
            {
                (int defs, int uses) = DefUse(b.Statements[j]);
                if ((defs & live) == 0)
                {
                    b.Statements.RemoveAt(j);
                    continue;
                }
                live = (live & ~defs) | uses;
            }
            liveIn[b] = live;
        }
    }

    private static (int Defs, int Uses) DefUse(BpfInstruction ins)
    {
        int code = ins.Code;
        switch (BpfOp.ClassOf(code))
        {
            case BpfOp.Ld:
                return BpfOp.ModeOf(code) switch
                {
                    BpfOp.Ind => (RegA, RegX),
                    BpfOp.Mem => (RegA, Mem(ins.K)),
                    _ => (RegA, 0),
                };
            case BpfOp.Ldx: return (RegX, BpfOp.ModeOf(code) == BpfOp.Mem ? Mem(ins.K) : 0);
            case BpfOp.St: return (Mem(ins.K), RegA);
            case BpfOp.Stx: return (Mem(ins.K), RegX);
            case BpfOp.Misc: return (code & BpfOp.Txa) != 0 ? (RegA, RegX) : (RegX, RegA);
            case BpfOp.Alu: return (RegA, BpfOp.SrcOf(code) == BpfOp.X && BpfOp.OpOf(code) != BpfOp.Neg ? RegA | RegX : RegA);
        }
        return (0, 0);
    }
}
