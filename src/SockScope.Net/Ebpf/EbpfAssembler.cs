namespace SockScope.Net.Ebpf;

/// <summary>A jump target inside a program being assembled.</summary>
public readonly record struct BpfLabel(int Id);

/// <summary>
/// Collects instructions and resolves jumps to labels: <c>a.Jump(Jmp.Jne(R1, pid), skip)</c>
/// ... <c>a.Mark(skip)</c>. Offsets count 8-byte slots from the instruction after the jump.
/// </summary>
public sealed class EbpfAssembler
{
    private readonly List<EbpfInstruction> _code = [];
    private readonly List<int> _labelPositions = [];
    private readonly List<(int At, BpfLabel Target)> _fixups = [];

    /// <summary>The number of 8-byte instruction slots emitted so far (a 64-bit immediate load counts two).</summary>
    public int Count => _code.Count;

    /// <summary>Allocates a label to jump to; place it later with <see cref="Mark"/>.</summary>
    public BpfLabel NewLabel()
    {
        _labelPositions.Add(-1);
        return new BpfLabel(_labelPositions.Count - 1);
    }

    /// <summary>Places <paramref name="label"/> at the next instruction to be emitted.</summary>
    /// <exception cref="InvalidOperationException">When the label was already marked.</exception>
    public void Mark(BpfLabel label)
    {
        if (_labelPositions[label.Id] >= 0) throw new InvalidOperationException($"label {label.Id} marked twice");
        _labelPositions[label.Id] = _code.Count;
    }

    /// <summary>Appends one instruction; returns this assembler for chaining.</summary>
    public EbpfAssembler Emit(EbpfInstruction instruction)
    {
        _code.Add(instruction);
        return this;
    }

    /// <summary>Appends instructions in order (e.g. the two slots of <see cref="Ld.Imm64"/>); returns this assembler for chaining.</summary>
    public EbpfAssembler Emit(params ReadOnlySpan<EbpfInstruction> instructions)
    {
        foreach (EbpfInstruction i in instructions) _code.Add(i);
        return this;
    }

    /// <summary>Emits a conditional or unconditional jump whose offset is resolved to <paramref name="target"/>.</summary>
    public EbpfAssembler Jump(EbpfInstruction jump, BpfLabel target)
    {
        _fixups.Add((_code.Count, target));
        _code.Add(jump);
        return this;
    }

    /// <summary>Returns the program with every jump's offset resolved to its label.</summary>
    /// <exception cref="InvalidOperationException">When a label used by a jump was never marked, or a jump does not fit a signed 16-bit offset.</exception>
    public EbpfInstruction[] Assemble()
    {
        EbpfInstruction[] program = _code.ToArray();
        foreach ((int at, BpfLabel target) in _fixups)
        {
            int position = _labelPositions[target.Id];
            if (position < 0) throw new InvalidOperationException($"label {target.Id} used but never marked");
            int offset = position - (at + 1);
            if (offset is < short.MinValue or > short.MaxValue) throw new InvalidOperationException("jump out of range");
            program[at] = program[at].WithOffset((short)offset);
        }
        return program;
    }
}
