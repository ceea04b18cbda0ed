namespace SockScope.Cli.Commands;

// Placeholder until issue #2 lands: the command exists so the table is complete, and says so.
internal sealed class ReadCommand : ICommand
{
    public string Name => "read";
    public string Summary => "read a pcap or pcapng file: print, filter, convert (-w)";
    public string Help => "usage: sockscope read ...\n\nread a pcap or pcapng file: print, filter, convert (-w) (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope read: not available in this build yet");
        return CommandRunner.Failure;
    }
}
