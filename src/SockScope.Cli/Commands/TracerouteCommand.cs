namespace SockScope.Cli.Commands;

// Placeholder until issue #5 lands: the command exists so the table is complete, and says so.
internal sealed class TracerouteCommand : ICommand
{
    public string Name => "traceroute";
    public string Summary => "print the route packets take (UDP, ICMP or TCP probes)";
    public string Help => "usage: sockscope traceroute ...\n\nprint the route packets take (UDP, ICMP or TCP probes) (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope traceroute: not available in this build yet");
        return CommandRunner.Failure;
    }
}
