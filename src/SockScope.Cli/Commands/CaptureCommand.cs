namespace SockScope.Cli.Commands;

// Placeholder until issue #4 lands: the command exists so the table is complete, and says so.
internal sealed class CaptureCommand : ICommand
{
    public string Name => "capture";
    public string Summary => "live capture on an interface (print or -w FILE)";
    public string Help => "usage: sockscope capture ...\n\nlive capture on an interface (print or -w FILE) (not available in this build yet).\n";

    public int Run(string[] args)
    {
        Console.Error.WriteLine("sockscope capture: not available in this build yet");
        return CommandRunner.Failure;
    }
}
