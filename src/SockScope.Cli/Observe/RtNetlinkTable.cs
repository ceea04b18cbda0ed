using System.Text;
using System.Text.Json;
using SockScope.Net;
using SockScope.Net.Netlink;

namespace SockScope.Cli.Observe;

/// <summary>
/// What `routes` and `neighbors` share: one rtnetlink dump of a table whose rows name interfaces
/// by index (so the links are dumped first, over the same socket, for their names), printed as a
/// JSON array of objects or one `ip` line a row.
/// </summary>
internal static class RtNetlinkTable
{
    /// <summary>The link names by index and the rows <paramref name="dump"/> reads, from namespace <paramref name="netns"/> (null: ours).</summary>
    public static (List<T> Rows, Dictionary<int, string> Names) Dump<T>(string? netns, Func<NetlinkSocket, IEnumerable<T>> dump)
    {
        try
        {
            using NetlinkSocket socket = NetlinkSocket.Open(NetlinkSocket.Route, netns);
            Dictionary<int, string> names = RtNetlink.DumpLinks(socket).ToDictionary(l => l.Index, l => l.Name);
            return (dump(socket).ToList(), names);
        }
        catch (NetOperationException e)
        {
            throw new CommandException(e.Message);
        }
    }

    /// <summary>Writes the rows to stdout: with <paramref name="json"/> one array, each row an object of the members <paramref name="writeMembers"/> writes; else <paramref name="line"/> a row.</summary>
    public static int Print<T>(List<T> rows, bool json, Action<Utf8JsonWriter, T> writeMembers, Func<T, string> line)
    {
        using Stream stdout = Console.OpenStandardOutput();
        if (json)
        {
            using var w = new Utf8JsonWriter(stdout);
            JsonArrays.WriteObjects(w, null, rows, writeMembers);
            w.Flush();
            stdout.WriteByte((byte)'\n');
            return CommandRunner.Success;
        }
        var text = new StringBuilder();
        foreach (T row in rows) text.Append(line(row)).Append('\n');
        stdout.Write(Encoding.UTF8.GetBytes(text.ToString()));
        return CommandRunner.Success;
    }
}
