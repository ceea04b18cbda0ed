namespace SockScope.Filter.CodeGen;

/// <summary>
/// Lays the block graph out as a linear program: blocks in topological order (every jump goes forward),
/// returns last, and a <c>ja</c> after a conditional jump whose target is more than 255 instructions away.
/// </summary>
internal static class Emitter
{
    public static BpfInstruction[] Emit(Block root)
    {
        List<Block> order = Optimizer.TopologicalOrder(root);
        List<Block> blocks = [.. order.Where(b => !b.IsLeaf), .. order.Where(b => b.IsLeaf)];
        var farTrue = new HashSet<Block>();
        var farFalse = new HashSet<Block>();
        while (true)
        {
            var start = new Dictionary<Block, int>();
            int pc = 0;
            foreach (Block b in blocks)
            {
                start[b] = pc;
                pc += b.Statements.Count + 1 + (farTrue.Contains(b) ? 1 : 0) + (farFalse.Contains(b) ? 1 : 0);
            }
            bool grew = false;
            foreach (Block b in blocks)
            {
                if (b.IsLeaf) continue;
                int jumpAt = start[b] + b.Statements.Count;
                if (!farTrue.Contains(b) && start[b.True!] - jumpAt - 1 > 255) { farTrue.Add(b); grew = true; }
                if (!farFalse.Contains(b) && start[b.False!] - jumpAt - 1 > 255) { farFalse.Add(b); grew = true; }
            }
            if (grew) continue;

            var program = new List<BpfInstruction>(pc);
            foreach (Block b in blocks)
            {
                program.AddRange(b.Statements);
                if (b.IsLeaf)
                {
                    program.Add(BpfInstruction.Statement(BpfOp.Ret | BpfOp.K, b.ReturnValue));
                    continue;
                }
                int jumpAt = program.Count;
                bool ft = farTrue.Contains(b), ff = farFalse.Contains(b);
                // Trampolines follow the jump: [jump][ja true?][ja false?].
                int trueOffset = ft ? 0 : start[b.True!] - jumpAt - 1;
                int falseOffset = ff ? (ft ? 1 : 0) : start[b.False!] - jumpAt - 1;
                program.Add(BpfInstruction.Jump(b.Jump, b.K, (byte)trueOffset, (byte)falseOffset));
                if (ft) program.Add(BpfInstruction.Statement(BpfOp.Jmp | BpfOp.Ja, (uint)(start[b.True!] - program.Count - 1)));
                if (ff) program.Add(BpfInstruction.Statement(BpfOp.Jmp | BpfOp.Ja, (uint)(start[b.False!] - program.Count - 1)));
            }
            return [.. program];
        }
    }
}
