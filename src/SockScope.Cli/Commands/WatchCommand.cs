namespace SockScope.Cli.Commands;

// Placeholder until issue #6 lands: the command exists so the table is complete, and says so.
internal sealed class WatchCommand : ICommand
{
    public string Name => "watch";
    public string Summary => "trace socket()/bind/connect/listen/accept calls as they happen (eBPF)";
    public string Help => "usage: sockscope watch ...\n\ntrace socket()/bind/connect/listen/accept calls as they happen (eBPF) (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope watch: not available in this build yet");
        return CommandRunner.Failure;
    }
}
