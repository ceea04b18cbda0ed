namespace SockScope.Cli;

/// <summary>One `sockscope` subcommand. Each lives in its own file under Commands/.</summary>
internal interface ICommand
{
    string Name { get; }
    /// <summary>One line for `sockscope --help`.</summary>
    string Summary { get; }
    /// <summary>The full text for `sockscope NAME --help`.</summary>
    string Help { get; }
    /// <summary>Runs the command; returns the exit code (0 success, 1 runtime failure, 2 usage).</summary>
    int Run(string[] args);
}
