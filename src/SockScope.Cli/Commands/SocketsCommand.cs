namespace SockScope.Cli.Commands;

// Placeholder until issue #6 lands: the command exists so the table is complete, and says so.
internal sealed class SocketsCommand : ICommand
{
    public string Name => "sockets";
    public string Summary => "list sockets with their owners, like ss; --sniffers finds capturers";
    public string Help => "usage: sockscope sockets ...\n\nlist sockets with their owners, like ss; --sniffers finds capturers (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope sockets: not available in this build yet");
        return CommandRunner.Failure;
    }
}
