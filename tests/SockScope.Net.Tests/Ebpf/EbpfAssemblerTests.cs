using SockScope.Net.Ebpf;
using static SockScope.Net.Ebpf.Register;

namespace SockScope.Net.Tests.Ebpf;

public class EbpfAssemblerTests
{
    [Fact]
    public void EncodesOpcodesRegistersAndImmediatesAsStructBpfInsn()
    {
        EbpfInstruction mov = Alu64.Mov(R0, 7);
        Assert.Equal(0xB7, mov.Opcode);               // BPF_ALU64 | BPF_MOV | BPF_K
        Assert.Equal(7, mov.Immediate);
        EbpfInstruction movReg = Alu64.Mov(R6, R1);
        Assert.Equal(0xBF, movReg.Opcode);            // BPF_ALU64 | BPF_MOV | BPF_X
        Assert.Equal(0x16, movReg.Registers);         // src R1 in the high nibble, dst R6 low
        Assert.Equal(0x79, Mem.Load(BpfSize.DoubleWord, R1, R6, 16).Opcode);   // BPF_LDX | BPF_MEM | BPF_DW
        Assert.Equal(0x6B, Mem.Store(BpfSize.Half, R8, 22, R2).Opcode);        // BPF_STX | BPF_MEM | BPF_H
        Assert.Equal(0xDB, Mem.AtomicAdd64(R0, 0, R1).Opcode);                  // BPF_STX | BPF_ATOMIC | BPF_DW
        Assert.Equal(0x85, Jmp.Call(BpfHelper.RingbufReserve).Opcode);
        Assert.Equal(131, Jmp.Call(BpfHelper.RingbufReserve).Immediate);
        Assert.Equal(0x95, Jmp.Exit().Opcode);
    }

    [Fact]
    public void SixtyFourBitImmediatesTakeTwoSlots()
    {
        EbpfInstruction[] load = Ld.Imm64(R2, 0x1122334455667788);
        Assert.Equal(2, load.Length);
        Assert.Equal(0x18, load[0].Opcode);
        Assert.Equal(0x55667788, load[0].Immediate);
        Assert.Equal(0x11223344, load[1].Immediate);
        EbpfInstruction[] map = Ld.MapFd(R1, 9);
        Assert.Equal(R1, map[0].Destination);
        Assert.Equal((Register)1, map[0].Source);     // BPF_PSEUDO_MAP_FD
        Assert.Equal(9, map[0].Immediate);
    }

    [Fact]
    public void ResolvesForwardAndBackwardLabels()
    {
        var a = new EbpfAssembler();
        BpfLabel top = a.NewLabel(), end = a.NewLabel();
        a.Mark(top);
        a.Emit(Alu64.Add(R1, 1));                     // 0
        a.Jump(Jmp.Jeq(R1, 10), end);                 // 1 -> 4
        a.Emit(Ld.Imm64(R2, 1));                      // 2, 3
        a.Jump(Jmp.Ja(), top);                        // 4 -> 0
        a.Mark(end);
        a.Emit(Jmp.Exit());                           // 5
        EbpfInstruction[] p = a.Assemble();
        Assert.Equal(6, p.Length);
        Assert.Equal(3, p[1].Offset);                 // from 2 to 5
        Assert.Equal(-5, p[4].Offset);                // from 5 to 0
    }

    [Fact]
    public void AnUnmarkedLabelIsAnError()
    {
        var a = new EbpfAssembler();
        a.Jump(Jmp.Ja(), a.NewLabel());
        Assert.Throws<InvalidOperationException>(() => a.Assemble());
    }
}
