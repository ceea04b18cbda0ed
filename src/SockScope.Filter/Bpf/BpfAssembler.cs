using System.Globalization;

namespace SockScope.Filter;

/// <summary>
/// Reads classic BPF programs back from text: the <c>tcpdump -d</c> mnemonic form (the "(nnn)" prefix is
/// optional; jump targets are absolute instruction numbers), the <c>-ddd</c> decimal form and the
/// <c>-dd</c> C-array form. The result is validated like any program.
/// </summary>
public static class BpfAssembler
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Assembles <paramref name="text"/>; throws <see cref="FormatException"/> naming the bad line.</summary>
    public static BpfProgram Assemble(string text)
    {
        string[] lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) throw new FormatException("no instructions");
        List<BpfInstruction> program;
        if (lines[0].StartsWith('{')) program = lines.Select(ParseCArrayLine).ToList();
        else if (lines[0].All(char.IsAsciiDigit)) program = ParseDecimal(lines);
        else program = lines.Select((l, i) => ParseMnemonic(l, i)).ToList();
        return new BpfProgram(program.ToArray());
    }

    private static List<BpfInstruction> ParseDecimal(string[] lines)
    {
        int count = int.Parse(lines[0], Inv);
        if (count != lines.Length - 1) throw new FormatException($"the count says {count} instructions but {lines.Length - 1} follow");
        var program = new List<BpfInstruction>(count);
        for (int i = 1; i < lines.Length; i++)
        {
            string[] f = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 4) throw new FormatException($"line {i + 1}: expected \"code jt jf k\"");
            program.Add(new BpfInstruction(ushort.Parse(f[0], Inv), byte.Parse(f[1], Inv), byte.Parse(f[2], Inv), uint.Parse(f[3], Inv)));
        }
        return program;
    }

    private static BpfInstruction ParseCArrayLine(string line)
    {
        string[] f = line.Trim('{', '}', ',', ' ').Replace("}", "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 4) throw new FormatException($"bad C array line: {line}");
        return new BpfInstruction((ushort)Number(f[0]), (byte)Number(f[1]), (byte)Number(f[2]), Number(f[3]));
    }

    private static BpfInstruction ParseMnemonic(string line, int pc)
    {
        string rest = line;
        if (rest.StartsWith('('))
        {
            int close = rest.IndexOf(')');
            if (close < 0) throw new FormatException($"line {pc + 1}: unclosed instruction number");
            rest = rest[(close + 1)..];
        }
        string[] f = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (f.Length == 0) throw new FormatException($"line {pc + 1}: empty");
        string op = f[0];
        string operand = f.Length > 1 ? f[1] : "";
        try
        {
            return Build(op, operand, f, pc);
        }
        catch (Exception e) when (e is not FormatException)
        {
            throw new FormatException($"line {pc + 1}: cannot read \"{line}\"");
        }
    }

    private static BpfInstruction Build(string op, string operand, string[] f, int pc)
    {
        switch (op)
        {
            case "ret": return BpfInstruction.Statement((ushort)(BpfOp.Ret | (operand == "a" ? BpfOp.RetA : BpfOp.K)), operand == "a" ? 0 : Imm(operand));
            case "ld" or "ldh" or "ldb":
            {
                int size = op == "ldh" ? BpfOp.H : op == "ldb" ? BpfOp.B : BpfOp.W;
                if (operand == "#pktlen" || operand == "len") return BpfInstruction.Statement(BpfOp.Ld | BpfOp.W | BpfOp.Len);
                if (operand.StartsWith("M[", StringComparison.Ordinal)) return BpfInstruction.Statement(BpfOp.Ld | BpfOp.Mem, Bracket(operand[1..]));
                if (operand.StartsWith('#')) return BpfInstruction.Statement(BpfOp.Ld | BpfOp.Imm, Imm(operand));
                if (operand.StartsWith("[x", StringComparison.Ordinal))
                {
                    string joined = string.Concat(f.Skip(1)); // "[x + 14]" splits on the spaces
                    return BpfInstruction.Statement((ushort)(BpfOp.Ld | size | BpfOp.Ind), Number(joined[3..^1]));
                }
                return BpfInstruction.Statement((ushort)(BpfOp.Ld | size | BpfOp.Abs), Bracket(operand));
            }
            case "ldx":
                if (operand == "#pktlen" || operand == "len") return BpfInstruction.Statement(BpfOp.Ldx | BpfOp.W | BpfOp.Len);
                if (operand.StartsWith("M[", StringComparison.Ordinal)) return BpfInstruction.Statement(BpfOp.Ldx | BpfOp.Mem, Bracket(operand[1..]));
                return BpfInstruction.Statement(BpfOp.Ldx | BpfOp.Imm, Imm(operand));
            case "ldxb":
            {
                // 4*([14]&0xf)
                int open = operand.IndexOf('['), close = operand.IndexOf(']');
                return BpfInstruction.Statement(BpfOp.Ldx | BpfOp.B | BpfOp.Msh, Number(operand[(open + 1)..close]));
            }
            case "st": return BpfInstruction.Statement(BpfOp.St, Bracket(operand[1..]));
            case "stx": return BpfInstruction.Statement(BpfOp.Stx, Bracket(operand[1..]));
            case "tax": return BpfInstruction.Statement(BpfOp.Misc | BpfOp.Tax);
            case "txa": return BpfInstruction.Statement(BpfOp.Misc | BpfOp.Txa);
            case "neg": return BpfInstruction.Statement(BpfOp.Alu | BpfOp.Neg);
            case "ja":
            {
                long target = long.Parse(operand, Inv);
                if (target <= pc) throw new FormatException($"line {pc + 1}: jumps go forward only");
                return BpfInstruction.Statement(BpfOp.Jmp | BpfOp.Ja, (uint)(target - pc - 1));
            }
            case "jeq" or "jgt" or "jge" or "jset":
            {
                int jop = op switch { "jeq" => BpfOp.Jeq, "jgt" => BpfOp.Jgt, "jge" => BpfOp.Jge, _ => BpfOp.Jset };
                int jt = Array.IndexOf(f, "jt"), jf = Array.IndexOf(f, "jf");
                if (jt < 0 || jf < 0 || jt + 1 >= f.Length || jf + 1 >= f.Length) throw new FormatException($"line {pc + 1}: a conditional jump needs \"jt N jf M\"");
                int t = int.Parse(f[jt + 1], Inv) - pc - 1, e = int.Parse(f[jf + 1], Inv) - pc - 1;
                if (t is < 0 or > 255 || e is < 0 or > 255) throw new FormatException($"line {pc + 1}: jump target out of reach (forward, at most 255 ahead)");
                bool x = operand == "x";
                return BpfInstruction.Jump((ushort)(BpfOp.Jmp | jop | (x ? BpfOp.X : BpfOp.K)), x ? 0 : Imm(operand), (byte)t, (byte)e);
            }
            default:
            {
                int aop = op switch
                {
                    "add" => BpfOp.Add, "sub" => BpfOp.Sub, "mul" => BpfOp.Mul, "div" => BpfOp.Div, "mod" => BpfOp.Mod,
                    "and" => BpfOp.And, "or" => BpfOp.Or, "xor" => BpfOp.Xor, "lsh" => BpfOp.Lsh, "rsh" => BpfOp.Rsh,
                    _ => throw new FormatException($"line {pc + 1}: unknown instruction \"{op}\""),
                };
                bool x = operand == "x";
                return BpfInstruction.Statement((ushort)(BpfOp.Alu | aop | (x ? BpfOp.X : BpfOp.K)), x ? 0 : Imm(operand));
            }
        }
    }

    private static uint Imm(string operand) => Number(operand.TrimStart('#'));

    private static uint Bracket(string operand)
    {
        int open = operand.IndexOf('['), close = operand.IndexOf(']');
        if (open < 0 || close < open) throw new FormatException($"expected [n], got \"{operand}\"");
        string inside = operand[(open + 1)..close];
        if (Ancillary.TryParse(inside, out uint k)) return k;
        return Number(inside);
    }

    private static uint Number(string text)
    {
        text = text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return uint.Parse(text[2..], NumberStyles.HexNumber, Inv);
        return uint.Parse(text, Inv);
    }
}
