using System.Text.Json;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>
/// `flows -i IFACE --process`: the pid and comm columns of each side against the PIDs of the
/// processes the test starts (a server, curl, ping) in namespaces of its own. In the process-capture
/// collection: attribution sees every socket call on the host, so these run alone.
/// </summary>
[Collection(ProcessCaptureCollection.Name)]
public class FlowsProcessTests
{
    [CaptureToolsFact("curl", "python3", "ping")]
    public void OnLoopbackBothSidesOfAConnectionAndThePingerAreNamed()
    {
        using var ns = new ProcessNamespaces();
        // `ip netns exec` execs: these PIDs are python3's, curl's and ping's own.
        var server = ns.Start(ns.A, "python3 -m http.server 8001 --bind 127.0.0.1");
        for (int i = 0; i < 50 && CaptureNamespaces.Exec(ns.A, "curl -s -o /dev/null -m 1 http://127.0.0.1:8001/", TimeSpan.FromSeconds(5)).Code != 0; i++)
            Thread.Sleep(100);
        var flows = ns.SockScope("flows -i lo --process --json");
        flows.WaitReady();
        var curl = ns.Start(ns.A, "curl -s -o /dev/null -m 5 http://127.0.0.1:8001/");
        Assert.Equal(0, curl.WaitExit());
        var ping = ns.Start(ns.A, "ping -c 2 -i 0.2 -W 1 127.0.0.1");
        Assert.Equal(0, ping.WaitExit());
        Thread.Sleep(300);
        Assert.Equal(0, flows.Interrupt());

        List<JsonElement> records = Records(flows.Stdout);
        JsonElement http = Assert.Single(records, r => r.GetProperty("proto").GetString() == "tcp" && r.GetProperty("id.resp_p").GetInt32() == 8001);
        Assert.Equal(curl.Process.Id, http.GetProperty("orig_pid").GetInt32());
        Assert.Equal("curl", http.GetProperty("orig_comm").GetString());
        Assert.Equal(server.Process.Id, http.GetProperty("resp_pid").GetInt32());
        Assert.Equal("python3", http.GetProperty("resp_comm").GetString());
        JsonElement echo = Assert.Single(records, r => r.GetProperty("proto").GetString() == "icmp");
        Assert.Equal(ping.Process.Id, echo.GetProperty("orig_pid").GetInt32());
        Assert.Equal("ping", echo.GetProperty("orig_comm").GetString());
        // The kernel answers pings: no process on the responder's side.
        Assert.False(echo.TryGetProperty("resp_pid", out _));
        // No flow names a process that is not one of its ends.
        int[] known = [server.Process.Id, curl.Process.Id, ping.Process.Id];
        foreach (JsonElement r in records)
        {
            foreach (string side in new[] { "orig_pid", "resp_pid" })
                if (r.TryGetProperty(side, out JsonElement pid)) Assert.Contains(pid.GetInt32(), known);
        }
        Assert.Contains("flow sides named", flows.Stderr, StringComparison.Ordinal);
    }

    [CaptureToolsFact("curl", "ping")]
    public void OnAVethTheLocalSideIsNamedAndTheFarSideIsLeftUnset()
    {
        using var ns = new ProcessNamespaces();
        var flows = ns.SockScope($"flows -i {ns.VethA} --process");
        flows.WaitReady();
        var curl = ns.Start(ns.A, $"curl -s -o /dev/null -m 5 {ns.Url}");
        Assert.Equal(0, curl.WaitExit());
        var ping = ns.Start(ns.A, $"ping -c 2 -i 0.2 -W 1 {ns.AddressB}");
        Assert.Equal(0, ping.WaitExit());
        Thread.Sleep(300);
        Assert.Equal(0, flows.Interrupt());

        string[] lines = flows.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] fields = lines.Single(l => l.StartsWith("#fields\t", StringComparison.Ordinal)).Split('\t')[1..];
        Assert.Equal(["community_id", "orig_pid", "orig_comm", "resp_pid", "resp_comm"], fields[^5..]);
        Assert.Equal(["string", "count", "string", "count", "string"], lines.Single(l => l.StartsWith("#types\t", StringComparison.Ordinal)).Split('\t')[^5..]);
        List<Dictionary<string, string>> records = lines.Where(l => l[0] != '#')
            .Select(l => fields.Zip(l.Split('\t')).ToDictionary(p => p.First, p => p.Second)).ToList();
        Dictionary<string, string> http = Assert.Single(records, r => r["proto"] == "tcp" && r["id.resp_h"] == ns.AddressB && r["id.resp_p"] == "8000");
        Assert.Equal(curl.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), http["orig_pid"]);
        Assert.Equal("curl", http["orig_comm"]);
        // The server lives in the other namespace: its packets are not this host's sockets on this link.
        Assert.Equal("-", http["resp_pid"]);
        Assert.Equal("-", http["resp_comm"]);
        Dictionary<string, string> echo = Assert.Single(records, r => r["proto"] == "icmp" && r["id.resp_h"] == ns.AddressB);
        Assert.Equal(ping.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), echo["orig_pid"]);
        Assert.Equal("ping", echo["orig_comm"]);
        Assert.Equal("-", echo["resp_pid"]);
        int[] known = [curl.Process.Id, ping.Process.Id];
        foreach (Dictionary<string, string> r in records)
        {
            foreach (string side in new[] { "orig_pid", "resp_pid" })
                if (r[side] != "-") Assert.Contains(int.Parse(r[side], System.Globalization.CultureInfo.InvariantCulture), known);
        }
    }

    private static List<JsonElement> Records(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
