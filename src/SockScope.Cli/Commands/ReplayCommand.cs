namespace SockScope.Cli.Commands;

// Placeholder until issue #5 lands: the command exists so the table is complete, and says so.
internal sealed class ReplayCommand : ICommand
{
    public string Name => "replay";
    public string Summary => "send the frames of a capture file on an interface";
    public string Help => "usage: sockscope replay ...\n\nsend the frames of a capture file on an interface (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope replay: not available in this build yet");
        return CommandRunner.Failure;
    }
}
