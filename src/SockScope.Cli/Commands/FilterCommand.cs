namespace SockScope.Cli.Commands;

// Placeholder until issue #3 lands: the command exists so the table is complete, and says so.
internal sealed class FilterCommand : ICommand
{
    public string Name => "filter";
    public string Summary => "compile a pcap-filter expression and show the BPF program";
    public string Help => "usage: sockscope filter ...\n\ncompile a pcap-filter expression and show the BPF program (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope filter: not available in this build yet");
        return CommandRunner.Failure;
    }
}
