namespace SockScope.Cli;

/// <summary>Bad usage: unknown option, missing argument, malformed expression. Exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A runtime failure the user can act on (missing privilege, bad file). Exit code 1.</summary>
internal sealed class CommandException(string message) : Exception(message);
