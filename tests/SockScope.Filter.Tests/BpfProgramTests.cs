using SockScope.TestSupport;
using System.Runtime.CompilerServices;
using SockScope.Wire;

namespace SockScope.Filter.Tests;

public sealed class BpfProgramTests
{
    private static BpfInstruction S(int code, uint k = 0) => BpfInstruction.Statement((ushort)code, k);
    private static BpfInstruction J(int code, uint k, byte jt, byte jf) => BpfInstruction.Jump((ushort)code, k, jt, jf);

    [Fact]
    public void InstructionIsLaidOutLikeSockFilter()
    {
        Assert.Equal(8, Unsafe.SizeOf<BpfInstruction>());
        var program = new BpfProgram([J(0x15, 0x01020304, 1, 2), S(0x06, 1), S(0x06, 0), S(0x06, 0)]);
        byte[] bytes = program.AsBytes()[..8].ToArray();
        Assert.Equal(new byte[] { 0x15, 0x00, 1, 2, 0x04, 0x03, 0x02, 0x01 }, bytes); // little-endian u16, u8, u8, u32
    }

    [Theory]
    [InlineData(new byte[] { 0x45 }, 0u)]           // load of a half word past the end drops the packet
    [InlineData(new byte[] { 0x08, 0x00 }, 96u)]
    [InlineData(new byte[] { 0x86, 0xdd }, 0u)]
    public void RunsLoadsComparesAndChecksBounds(byte[] packet, uint expected)
    {
        var program = new BpfProgram([S(BpfOp.Ld | BpfOp.H | BpfOp.Abs, 0), J(0x15, 0x0800, 0, 1), S(0x06, 96), S(0x06, 0)]);
        Assert.Equal(expected, program.Run(packet, packet.Length));
    }

    [Fact]
    public void AluAndIndirectLoadsFollowTheKernel()
    {
        // X = 4*(p[0]&0xf); A = p[X+1]; A = A*3 - 1; A /= X (X may be 0: drop); return A
        var program = new BpfProgram([
            S(BpfOp.Ldx | BpfOp.B | BpfOp.Msh, 0), S(BpfOp.Ld | BpfOp.B | BpfOp.Ind, 1), S(BpfOp.Alu | BpfOp.Mul | BpfOp.K, 3),
            S(BpfOp.Alu | BpfOp.Sub | BpfOp.K, 1), S(BpfOp.Alu | BpfOp.Div | BpfOp.X), S(BpfOp.Ret | BpfOp.RetA)]);
        byte[] packet = [0x01, 0, 0, 0, 0, 10];
        Assert.Equal((10u * 3 - 1) / 4, program.Run(packet, 6));
        Assert.Equal(0u, program.Run([0x00, 7], 2)); // division by X = 0 drops
        Assert.Equal(0u, program.Run([0x01], 1));    // indirect load out of range drops
    }

    [Fact]
    public void ScratchMemoryAndLengthWork()
    {
        var program = new BpfProgram([S(BpfOp.Ld | BpfOp.W | BpfOp.Len), S(BpfOp.St, 3), S(BpfOp.Ldx | BpfOp.Mem, 3), S(BpfOp.Misc | BpfOp.Txa),
            S(BpfOp.Alu | BpfOp.Neg), S(BpfOp.Ret | BpfOp.RetA)]);
        Assert.Equal(unchecked((uint)-1500), program.Run([], 1500));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("jump-out")]
    [InlineData("no-return")]
    [InlineData("div-zero")]
    [InlineData("mem-index")]
    [InlineData("mem-before-store")]
    [InlineData("bad-opcode")]
    [InlineData("too-long")]
    public void ValidationRejectsWhatTheKernelRejects(string which)
    {
        BpfInstruction[] program = which switch
        {
            "empty" => [],
            "jump-out" => [J(0x15, 0, 0, 5), S(0x06, 1)],
            "no-return" => [S(BpfOp.Ld | BpfOp.Imm, 1)],
            "div-zero" => [S(BpfOp.Alu | BpfOp.Div | BpfOp.K, 0), S(0x06, 1)],
            "mem-index" => [S(BpfOp.St, 16), S(0x06, 1)],
            "mem-before-store" => [J(0x15, 0, 0, 1), S(BpfOp.St, 2), S(BpfOp.Ld | BpfOp.Mem, 2), S(0x06, 1)],
            "bad-opcode" => [S(0xff), S(0x06, 1)],
            _ => [.. Enumerable.Repeat(S(BpfOp.Ld | BpfOp.Imm, 1), 4096), S(0x06, 1)],
        };
        Assert.Throws<BpfValidationException>(() => new BpfProgram(program));
    }

    [Fact]
    public void MatchesDoesNotAllocate()
    {
        BpfProgram program = FilterCompiler.Compile("tcp port 80 or icmp", LinkType.Ethernet);
        byte[] packet = new byte[64];
        packet[12] = 0x08; packet[14] = 0x45; packet[23] = 1;
        Assert.True(program.Matches(packet, 64));
        Assert.Equal(0, Allocations.Least(() =>
        {
            for (int i = 0; i < 1000; i++) program.Matches(packet, 64);
        }));
    }
}
