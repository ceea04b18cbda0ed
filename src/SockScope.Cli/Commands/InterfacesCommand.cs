using System.Globalization;
using SockScope.Net.Capture;
using Spectre.Console;

namespace SockScope.Cli.Commands;

/// <summary>
/// `sockscope interfaces`: what `tcpdump -D` lists (the capture devices, `any` included) with
/// what `ip -br addr` adds (state, MAC, MTU, flags, addresses).
/// </summary>
internal sealed class InterfacesCommand : ICommand
{
    public string Name => "interfaces";
    public string Summary => "list interfaces: index, name, MAC, MTU, state, addresses";
    public string Help => """
        usage: sockscope interfaces [-D] [-b]

        Lists the network interfaces a capture can use: index, name, MAC address, MTU, state,
        flags (UP, RUNNING, PROMISC, LOOPBACK ...) and addresses with their prefix lengths,
        followed by the `any` pseudo-device that captures on all of them.

        options:
          -D        tcpdump -D style: one line per device, "N.name [Up, Running, ...]"
          -b        brief plain text, one line per interface (like `ip -br addr`), no table

        """;

    public int Run(string[] args)
    {
        bool tcpdumpStyle = false, brief = false;
        var reader = new ArgReader(args);
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "D": tcpdumpStyle = true; break;
                case "b": brief = true; break;
                default: throw reader.Unknown();
            }
        }
        if (reader.Positionals.Count > 0)
            throw new UsageException($"unexpected argument '{reader.Positionals[0]}'");

        IReadOnlyList<NetworkInterfaceInfo> interfaces = NetworkInterfaces.List();
        if (tcpdumpStyle) Console.Out.Write(DeviceList(interfaces));
        else if (brief) Console.Out.Write(BriefList(interfaces));
        else AnsiConsole.Write(Table(interfaces));
        return CommandRunner.Success;
    }

    /// <summary>tcpdump -D's order: up and running non-loopback devices, then the rest, `any`, then loopback.</summary>
    internal static IEnumerable<NetworkInterfaceInfo> CaptureOrder(IReadOnlyList<NetworkInterfaceInfo> interfaces) =>
        interfaces.Where(i => !i.IsLoopback).OrderByDescending(i => i.IsUp && i.IsRunning).ThenBy(i => i.Index)
            .Concat(interfaces.Where(i => i.IsLoopback));

    /// <summary>The device names in -D order (`any` included), so that `-i N` can name the Nth, as in tcpdump.</summary>
    internal static List<string> DeviceNames(IReadOnlyList<NetworkInterfaceInfo> interfaces)
    {
        var names = new List<string>();
        bool anyWritten = false;
        foreach (NetworkInterfaceInfo i in CaptureOrder(interfaces))
        {
            if (i.IsLoopback && !anyWritten)
            {
                names.Add(CaptureOptions.AnyInterface);
                anyWritten = true;
            }
            names.Add(i.Name);
        }
        if (!anyWritten) names.Add(CaptureOptions.AnyInterface);
        return names;
    }

    internal static string DeviceList(IReadOnlyList<NetworkInterfaceInfo> interfaces)
    {
        var text = new System.Text.StringBuilder();
        int n = 1;
        bool anyWritten = false;
        foreach (NetworkInterfaceInfo i in CaptureOrder(interfaces))
        {
            if (i.IsLoopback && !anyWritten)
            {
                text.Append(CultureInfo.InvariantCulture, $"{n++}.any (Pseudo-device that captures on all interfaces) [Up, Running]\n");
                anyWritten = true;
            }
            var words = new List<string>();
            if (i.IsUp) words.Add("Up");
            if (i.IsRunning) words.Add("Running");
            if (i.IsLoopback) words.Add("Loopback");
            if (i.IsPromiscuous) words.Add("Promiscuous");
            if (!i.IsLoopback && i.IsUp) words.Add(i.OperState == "up" ? "Connected" : i.OperState == "down" ? "Disconnected" : "Status unknown");
            text.Append(CultureInfo.InvariantCulture, $"{n++}.{i.Name} [{(words.Count == 0 ? "none" : string.Join(", ", words))}]\n");
        }
        if (!anyWritten)
            text.Append(CultureInfo.InvariantCulture, $"{n}.any (Pseudo-device that captures on all interfaces) [Up, Running]\n");
        return text.ToString();
    }

    internal static string BriefList(IReadOnlyList<NetworkInterfaceInfo> interfaces)
    {
        var text = new System.Text.StringBuilder();
        foreach (NetworkInterfaceInfo i in interfaces)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{i.Index,-4}{i.Name,-16} {i.OperState.ToUpperInvariant(),-14} {i.Mac?.ToString() ?? "-",-17} mtu {i.Mtu,-6} <{string.Join(",", i.FlagNames())}>");
            foreach (InterfaceAddress a in i.Addresses) text.Append(' ').Append(a.ToString());
            text.Append('\n');
        }
        return text.ToString();
    }

    private static Table Table(IReadOnlyList<NetworkInterfaceInfo> interfaces)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("Name");
        table.AddColumn("MAC");
        table.AddColumn(new TableColumn("MTU").RightAligned());
        table.AddColumn("State");
        table.AddColumn("Flags");
        table.AddColumn("Addresses");
        foreach (NetworkInterfaceInfo i in interfaces)
        {
            string state = i.OperState switch
            {
                "up" => "[green]UP[/]",
                "down" => "[red]DOWN[/]",
                _ => Markup.Escape(i.OperState.ToUpperInvariant()),
            };
            string flags = string.Join(",", i.FlagNames());
            if (i.IsPromiscuous) flags = Markup.Escape(flags).Replace("PROMISC", "[yellow]PROMISC[/]", StringComparison.Ordinal);
            else flags = Markup.Escape(flags);
            table.AddRow(
                i.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(i.Name),
                i.Mac?.ToString() ?? "-",
                i.Mtu.ToString(CultureInfo.InvariantCulture),
                state,
                flags,
                Markup.Escape(string.Join("\n", i.Addresses.Select(a => a.ToString()))));
        }
        table.AddRow("", "any", "-", "-", "UP", "pseudo-device: all interfaces", "");
        return table;
    }
}
