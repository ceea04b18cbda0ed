namespace SockScope.Cli.Commands;

// Placeholder until issue #4 lands: the command exists so the table is complete, and says so.
internal sealed class InterfacesCommand : ICommand
{
    public string Name => "interfaces";
    public string Summary => "list interfaces: index, name, MAC, MTU, state, addresses";
    public string Help => "usage: sockscope interfaces ...\n\nlist interfaces: index, name, MAC, MTU, state, addresses (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope interfaces: not available in this build yet");
        return CommandRunner.Failure;
    }
}
