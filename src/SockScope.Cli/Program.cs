using SockScope.Cli;
using SockScope.Cli.Commands;

// The command table: one entry per subcommand, each implemented in Commands/<Name>Command.cs.
ICommand[] commands =
[
    new CaptureCommand(),
    new ReadCommand(),
    new StatsCommand(),
    new FlowsCommand(),
    new FilterCommand(),
    new InterfacesCommand(),
    new PingCommand(),
    new TracerouteCommand(),
    new SendCommand(),
    new ReplayCommand(),
    new SocketsCommand(),
    new WatchCommand(),
    new RoutesCommand(),
    new NeighborsCommand(),
];

return CommandRunner.Run(commands, args);
