namespace SockScope.Cli.Commands;

// Placeholder until issue #6 lands: the command exists so the table is complete, and says so.
internal sealed class NeighborsCommand : ICommand
{
    public string Name => "neighbors";
    public string Summary => "show the ARP and NDP neighbour tables";
    public string Help => "usage: sockscope neighbors ...\n\nshow the ARP and NDP neighbour tables (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope neighbors: not available in this build yet");
        return CommandRunner.Failure;
    }
}
