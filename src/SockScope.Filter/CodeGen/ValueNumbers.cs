namespace SockScope.Filter.CodeGen;

/// <summary>
/// Names every value a program can compute (a load, a constant, an ALU result over other values) with
/// a number, the same number for the same computation. Packet bytes never change while a filter runs, so
/// a value number means the same thing wherever it appears in the program.
/// </summary>
internal sealed class ValueNumbers
{
    private readonly Dictionary<(int Kind, uint K, int A, int B), int> _numbers = [];
    private readonly Dictionary<int, uint> _constants = [];
    private int _next = 1;

    private const int KindConst = 1000, KindLen = 1001, KindAbs = 1002, KindInd = 1003, KindMsh = 1004, KindUnknown = 1005;

    public int Unknown() => Intern((KindUnknown, (uint)_next, 0, 0));

    public int Constant(uint k)
    {
        int n = Intern((KindConst, k, 0, 0));
        _constants[n] = k;
        return n;
    }

    public bool TryConstant(int value, out uint k) => _constants.TryGetValue(value, out k);

    public int Length() => Intern((KindLen, 0, 0, 0));
    public int Absolute(int size, uint k) => Intern((KindAbs, k, size, 0));
    public int Indirect(int size, uint k, int x) => Intern((KindInd, k, size, x));
    public int HeaderLength(uint k) => Intern((KindMsh, k, 0, 0));

    public int Alu(int op, int a, int b)
    {
        bool ac = TryConstant(a, out uint ka), bc = TryConstant(b, out uint kb);
        if (op == BpfOp.Neg) return ac ? Constant(0u - ka) : Intern((op, 0, a, 0));
        if (ac && bc && !((op is BpfOp.Div or BpfOp.Mod) && kb == 0))
        {
            uint r = op switch
            {
                BpfOp.Add => ka + kb, BpfOp.Sub => ka - kb, BpfOp.Mul => ka * kb, BpfOp.Div => ka / kb, BpfOp.Mod => ka % kb,
                BpfOp.And => ka & kb, BpfOp.Or => ka | kb, BpfOp.Xor => ka ^ kb,
                BpfOp.Lsh => Shift.Left(ka, kb), BpfOp.Rsh => Shift.Right(ka, kb), _ => 0,
            };
            return Constant(r);
        }
        if (bc)
        {
            if (kb == 0 && op is BpfOp.Add or BpfOp.Sub or BpfOp.Or or BpfOp.Xor or BpfOp.Lsh or BpfOp.Rsh) return a;
            if (kb == 0 && op is BpfOp.And or BpfOp.Mul) return Constant(0);
            if (kb == 1 && op is BpfOp.Mul or BpfOp.Div) return a;
            if (kb == uint.MaxValue && op == BpfOp.And) return a;
        }
        return Intern((op, 0, a, b));
    }

    private int Intern((int, uint, int, int) key)
    {
        if (key.Item1 == KindUnknown) return _next++;
        if (_numbers.TryGetValue(key, out int n)) return n;
        n = _next++;
        _numbers[key] = n;
        return n;
    }
}

/// <summary>The symbolic machine state: which value each register and scratch word holds.</summary>
internal struct MachineState
{
    public int A, X;
    public int[] M;

    public static MachineState Unknown(ValueNumbers vn)
    {
        var s = new MachineState { A = vn.Unknown(), X = vn.Unknown(), M = new int[BpfOp.MemoryWords] };
        for (int i = 0; i < s.M.Length; i++) s.M[i] = vn.Unknown();
        return s;
    }

    public readonly MachineState Copy() => new() { A = A, X = X, M = (int[])M.Clone() };

    /// <summary>What the two states agree on; fresh unknowns where they differ.</summary>
    public static MachineState Meet(MachineState a, MachineState b, ValueNumbers vn)
    {
        var s = new MachineState { A = a.A == b.A ? a.A : vn.Unknown(), X = a.X == b.X ? a.X : vn.Unknown(), M = new int[BpfOp.MemoryWords] };
        for (int i = 0; i < s.M.Length; i++) s.M[i] = a.M[i] == b.M[i] ? a.M[i] : vn.Unknown();
        return s;
    }

    /// <summary>Applies one statement; returns false when it leaves the state unchanged (a redundant statement).</summary>
    public bool Apply(BpfInstruction ins, ValueNumbers vn)
    {
        int code = ins.Code;
        uint k = ins.K;
        switch (BpfOp.ClassOf(code))
        {
            case BpfOp.Ld:
            {
                int v = BpfOp.ModeOf(code) switch
                {
                    BpfOp.Imm => vn.Constant(k),
                    BpfOp.Len => vn.Length(),
                    BpfOp.Abs => vn.Absolute(BpfOp.SizeOf(code), k),
                    BpfOp.Ind => vn.Indirect(BpfOp.SizeOf(code), k, X),
                    BpfOp.Mem => M[k],
                    _ => vn.Unknown(),
                };
                return Set(ref A, v);
            }
            case BpfOp.Ldx:
            {
                int v = BpfOp.ModeOf(code) switch
                {
                    BpfOp.Imm => vn.Constant(k),
                    BpfOp.Len => vn.Length(),
                    BpfOp.Msh => vn.HeaderLength(k),
                    BpfOp.Mem => M[k],
                    _ => vn.Unknown(),
                };
                return Set(ref X, v);
            }
            case BpfOp.St: return Set(ref M[k], A);
            case BpfOp.Stx: return Set(ref M[k], X);
            case BpfOp.Misc: return (code & BpfOp.Txa) != 0 ? Set(ref A, X) : Set(ref X, A);
            case BpfOp.Alu:
            {
                int op = BpfOp.OpOf(code);
                int operand = BpfOp.SrcOf(code) == BpfOp.X ? X : vn.Constant(k);
                A = vn.Alu(op, A, operand);
                return true; // an ALU step is never dropped here: "add #0" style no-ops are rare in generated code
            }
        }
        return true;
    }

    private static bool Set(ref int register, int value)
    {
        if (register == value) return false;
        register = value;
        return true;
    }
}
