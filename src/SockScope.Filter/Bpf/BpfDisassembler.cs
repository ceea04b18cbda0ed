using System.Globalization;
using System.Text;

namespace SockScope.Filter;

/// <summary>
/// Prints programs the way tcpdump does: <c>-d</c> (one mnemonic line per instruction, jump targets as
/// absolute instruction numbers), <c>-dd</c> (a C array) and <c>-ddd</c> (decimal numbers, count first).
/// </summary>
public static class BpfDisassembler
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The <c>-d</c> form of the whole program, one line per instruction, each ending in a newline.</summary>
    public static string Disassemble(ReadOnlySpan<BpfInstruction> program)
    {
        var text = new StringBuilder(program.Length * 32);
        for (int pc = 0; pc < program.Length; pc++) text.Append(Line(program[pc], pc)).Append('\n');
        return text.ToString();
    }

    /// <summary>The <c>-dd</c> form: <c>{ 0x28, 0, 0, 0x0000000c },</c> per instruction.</summary>
    public static string AsCArray(ReadOnlySpan<BpfInstruction> program)
    {
        var text = new StringBuilder(program.Length * 32);
        foreach (BpfInstruction ins in program)
        {
            text.Append(Inv, $"{{ 0x{ins.Code:x}, {ins.Jt}, {ins.Jf}, 0x{ins.K:x8} }},\n");
        }
        return text.ToString();
    }

    /// <summary>The <c>-ddd</c> form: the instruction count, then "code jt jf k" in decimal per line.</summary>
    public static string AsDecimal(ReadOnlySpan<BpfInstruction> program)
    {
        var text = new StringBuilder(program.Length * 16);
        text.Append(Inv, $"{program.Length}\n");
        foreach (BpfInstruction ins in program) text.Append(Inv, $"{ins.Code} {ins.Jt} {ins.Jf} {ins.K}\n");
        return text.ToString();
    }

    /// <summary>One <c>-d</c> line, without the newline: <c>(001) jeq      #0x800           jt 2	jf 3</c>.</summary>
    public static string Line(BpfInstruction ins, int pc)
    {
        (string op, string operand) = Mnemonic(ins, pc);
        if (ins.IsJump && BpfOp.OpOf(ins.Code) != BpfOp.Ja)
        {
            return string.Create(Inv, $"({pc:D3}) {op,-8} {operand,-16} jt {pc + 1 + ins.Jt}\tjf {pc + 1 + ins.Jf}");
        }
        return string.Create(Inv, $"({pc:D3}) {op,-8} {operand}");
    }

    private static (string Op, string Operand) Mnemonic(BpfInstruction ins, int pc)
    {
        uint k = ins.K;
        int code = ins.Code;
        string Hex() => "#0x" + k.ToString("x", Inv);
        string Dec() => "#" + k.ToString(Inv);
        string Sized(string baseName) => BpfOp.SizeOf(code) switch { BpfOp.H => baseName + "h", BpfOp.B => baseName + "b", _ => baseName };
        switch (BpfOp.ClassOf(code))
        {
            case BpfOp.Ret:
                return ("ret", (code & BpfOp.RetA) != 0 ? "a" : Dec());
            case BpfOp.Ld:
                return BpfOp.ModeOf(code) switch
                {
                    BpfOp.Abs => (Sized("ld"), "[" + (Ancillary.NameOf(k) ?? k.ToString(Inv)) + "]"),
                    BpfOp.Ind => (Sized("ld"), "[x + " + k.ToString(Inv) + "]"),
                    BpfOp.Imm => ("ld", Hex()),
                    BpfOp.Len => ("ld", "#pktlen"),
                    BpfOp.Mem => ("ld", "M[" + k.ToString(Inv) + "]"),
                    _ => ("unimp", Hex()),
                };
            case BpfOp.Ldx:
                return BpfOp.ModeOf(code) switch
                {
                    BpfOp.Msh => ("ldxb", "4*([" + k.ToString(Inv) + "]&0xf)"),
                    BpfOp.Imm => ("ldx", Hex()),
                    BpfOp.Len => ("ldx", "#pktlen"),
                    BpfOp.Mem => ("ldx", "M[" + k.ToString(Inv) + "]"),
                    _ => ("unimp", Hex()),
                };
            case BpfOp.St: return ("st", "M[" + k.ToString(Inv) + "]");
            case BpfOp.Stx: return ("stx", "M[" + k.ToString(Inv) + "]");
            case BpfOp.Misc: return ((code & BpfOp.Txa) != 0 ? "txa" : "tax", "");
            case BpfOp.Jmp:
            {
                int jop = BpfOp.OpOf(code);
                if (jop == BpfOp.Ja) return ("ja", (pc + 1 + (long)k).ToString(Inv));
                string name = jop switch { BpfOp.Jeq => "jeq", BpfOp.Jgt => "jgt", BpfOp.Jge => "jge", BpfOp.Jset => "jset", _ => "unimp" };
                return (name, BpfOp.SrcOf(code) == BpfOp.X ? "x" : Hex());
            }
            case BpfOp.Alu:
            {
                int aop = BpfOp.OpOf(code);
                if (aop == BpfOp.Neg) return ("neg", "");
                string name = AluName(aop);
                if (BpfOp.SrcOf(code) == BpfOp.X) return (name, "x");
                // tcpdump prints the bitwise operands in hex and the arithmetic ones in decimal.
                return (name, aop is BpfOp.And or BpfOp.Or or BpfOp.Xor ? Hex() : Dec());
            }
        }
        return ("unimp", Hex());
    }

    internal static string AluName(int op) => op switch
    {
        BpfOp.Add => "add", BpfOp.Sub => "sub", BpfOp.Mul => "mul", BpfOp.Div => "div", BpfOp.Mod => "mod",
        BpfOp.And => "and", BpfOp.Or => "or", BpfOp.Xor => "xor", BpfOp.Lsh => "lsh", BpfOp.Rsh => "rsh",
        _ => "unimp",
    };
}
