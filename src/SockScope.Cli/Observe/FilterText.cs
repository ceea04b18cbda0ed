using SockScope.Filter;
using SockScope.Net.Netlink;

namespace SockScope.Cli.Observe;

/// <summary>Shows a socket's attached classic BPF filter disassembled, as `tcpdump -d` prints a program.</summary>
internal static class FilterText
{
    public static string Disassemble(IReadOnlyList<ClassicBpfInstruction> filter)
    {
        var program = new BpfInstruction[filter.Count];
        for (int i = 0; i < program.Length; i++)
            program[i] = new BpfInstruction(filter[i].Code, filter[i].JumpTrue, filter[i].JumpFalse, filter[i].K);
        return BpfDisassembler.Disassemble(program);
    }
}
