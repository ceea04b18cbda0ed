using System.Text;

namespace SockScope.Cli;

/// <summary>Dispatches to a subcommand and turns its exceptions into one-line messages and exit codes.</summary>
internal static class CommandRunner
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadUsage = 2;

    public static int Run(IReadOnlyList<ICommand> commands, string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            if (args.Length > 1 && Find(commands, args[1]) is { } topic)
            {
                Console.Out.Write(topic.Help);
                return Success;
            }
            Console.Out.Write(Overview(commands));
            return args.Length == 0 ? BadUsage : Success;
        }
        if (args[0] is "--version" or "-V")
        {
            Console.Out.WriteLine("sockscope " + typeof(CommandRunner).Assembly.GetName().Version?.ToString(3));
            return Success;
        }
        ICommand? command = Find(commands, args[0]);
        if (command is null)
        {
            Console.Error.WriteLine($"sockscope: unknown command '{args[0]}' (commands: {string.Join(", ", commands.Select(c => c.Name))})");
            return BadUsage;
        }
        string[] rest = args[1..];
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            Console.Out.Write(command.Help);
            return Success;
        }
        try
        {
            return command.Run(rest);
        }
        catch (Exception e) when (e is UsageException or CommandException or IOException or UnauthorizedAccessException)
        {
            // Every failure the user can act on is one line on stderr; only the exit code tells bad usage from a failed run.
            Console.Error.WriteLine($"sockscope {command.Name}: {e.Message}");
            return e is UsageException ? BadUsage : Failure;
        }
    }

    private static ICommand? Find(IReadOnlyList<ICommand> commands, string name) =>
        commands.FirstOrDefault(c => c.Name == name || (name == "neighbours" && c.Name == "neighbors"));

    private static string Overview(IReadOnlyList<ICommand> commands)
    {
        var text = new StringBuilder();
        text.Append("sockscope: a raw-socket network toolkit (capture, decode, filter, probe, observe)\n\n");
        text.Append("usage: sockscope COMMAND [options] [arguments]\n\ncommands:\n");
        foreach (ICommand c in commands)
            text.Append("  ").Append(c.Name.PadRight(12)).Append(c.Summary).Append('\n');
        text.Append("\n`sockscope COMMAND --help` shows a command's options. Exit codes: 0 success, 1 failure, 2 bad usage.\n");
        return text.ToString();
    }
}
