namespace SockScope.Cli.Commands;

// Placeholder until issue #5 lands: the command exists so the table is complete, and says so.
internal sealed class SendCommand : ICommand
{
    public string Name => "send";
    public string Summary => "craft and send packets from a layer expression";
    public string Help => "usage: sockscope send ...\n\ncraft and send packets from a layer expression (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope send: not available in this build yet");
        return CommandRunner.Failure;
    }
}
