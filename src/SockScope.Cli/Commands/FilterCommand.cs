using SockScope.Filter;
using SockScope.Wire;

namespace SockScope.Cli.Commands;

/// <summary>`sockscope filter EXPRESSION`: compile a pcap-filter expression and print the BPF program.</summary>
internal sealed class FilterCommand : ICommand
{
    public string Name => "filter";
    public string Summary => "compile a pcap-filter expression and show the BPF program";
    public string Help => """
        usage: sockscope filter [-d|-dd|-ddd] [--linktype T] [-s SNAPLEN] EXPRESSION...

        Compiles a pcap-filter(7) expression to classic BPF, without libpcap, and prints the program
        the way `tcpdump -d` does. The words of EXPRESSION are joined with spaces, as tcpdump does.

          -d              print the program as mnemonics, one instruction a line (the default)
          -dd             print the program as a C array of struct sock_filter
          -ddd            print the program as decimal numbers, the instruction count first
          --linktype T    the link type the program reads: EN10MB (default), LINUX_SLL, LINUX_SLL2,
                          RAW, IPV4, IPV6, NULL, LOOP (names as tcpdump -y takes them, or numbers)
          -y T            the same as --linktype
          -s SNAPLEN      the length an accepting program returns (default 262144)
          --offline       compile as `sockscope read` does for a file: inbound, outbound and ifindex
                          only where the cooked header has the field (by default the program is
                          for a live socket, as with tcpdump -d, and uses the kernel's ancillary loads)

        An expression tcpdump would refuse is refused with the problem and a caret under its column
        (exit status 2).
        """;

    public int Run(string[] args)
    {
        var reader = new ArgReader(args);
        int dumps = 0;
        LinkType linkType = LinkType.Ethernet;
        int snapLength = 262144;
        bool offline = false;
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "d": dumps++; break;
                case "linktype" or "y":
                {
                    string name = reader.Value();
                    if (!LinkTypeNames.TryParse(name, out linkType)) throw new UsageException($"unknown link type '{name}'");
                    break;
                }
                case "s": snapLength = reader.IntValue(1, int.MaxValue); break;
                case "offline": offline = true; break;
                default: throw reader.Unknown();
            }
        }
        if (dumps > 3) throw new UsageException("at most -ddd");
        string expression = string.Join(' ', reader.Positionals);

        BpfProgram program;
        try
        {
            program = FilterCompiler.Compile(expression, linkType, snapLength, live: !offline);
        }
        catch (FilterSyntaxException e)
        {
            Console.Error.WriteLine("sockscope filter: " + e.Display);
            return CommandRunner.BadUsage;
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        string text = dumps switch
        {
            2 => BpfDisassembler.AsCArray(program.Instructions),
            3 => BpfDisassembler.AsDecimal(program.Instructions),
            _ => BpfDisassembler.Disassemble(program.Instructions),
        };
        Console.Out.Write(text);
        return CommandRunner.Success;
    }
}
