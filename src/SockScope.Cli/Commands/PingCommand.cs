namespace SockScope.Cli.Commands;

// Placeholder until issue #5 lands: the command exists so the table is complete, and says so.
internal sealed class PingCommand : ICommand
{
    public string Name => "ping";
    public string Summary => "send ICMP echo requests (IPv4 and IPv6)";
    public string Help => "usage: sockscope ping ...\n\nsend ICMP echo requests (IPv4 and IPv6) (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope ping: not available in this build yet");
        return CommandRunner.Failure;
    }
}
