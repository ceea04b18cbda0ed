namespace SockScope.Cli.Commands;

// Placeholder until issue #6 lands: the command exists so the table is complete, and says so.
internal sealed class RoutesCommand : ICommand
{
    public string Name => "routes";
    public string Summary => "show routing tables (IPv4 and IPv6)";
    public string Help => "usage: sockscope routes ...\n\nshow routing tables (IPv4 and IPv6) (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope routes: not available in this build yet");
        return CommandRunner.Failure;
    }
}
