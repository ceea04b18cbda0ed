using System.Globalization;
using System.Text;
using SockScope.Net.Netlink;

namespace SockScope.Cli.Observe;

/// <summary>
/// Shows a socket's attached classic BPF filter. Until the filter library's disassembler is
/// available here, the instructions print as tcpdump -dd does: { code, jt, jf, k }.
/// </summary>
internal static class FilterText
{
    public static string Disassemble(IReadOnlyList<ClassicBpfInstruction> filter)
    {
        var text = new StringBuilder();
        foreach (ClassicBpfInstruction i in filter)
            text.Append(CultureInfo.InvariantCulture, $"{{ 0x{i.Code:x}, {i.JumpTrue}, {i.JumpFalse}, 0x{i.K:x8} }},\n");
        return text.ToString();
    }
}
