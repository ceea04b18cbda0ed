using System.Diagnostics;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>
/// `sockscope sockets` against `ss` on the same namespace: every row of one is a row of the other,
/// process names and PIDs included (column spacing aside: ss spreads its columns over the
/// terminal width, we size them to their content).
/// </summary>
public class SocketsSsComparisonTests
{
    // One process holding one socket of each kind the listing covers, in its own namespace so that
    // nothing else comes or goes while the two tools look.
    private const string Holder = """
        import socket, sys, time
        def tcp(family, address):
            s = socket.socket(family, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(address)
            s.listen(4)
            return s
        keep = [tcp(socket.AF_INET, ("127.0.0.1", 18080)), tcp(socket.AF_INET6, ("::1", 18081))]
        client = socket.create_connection(("127.0.0.1", 18080))
        server, _ = keep[0].accept()
        keep += [client, server]
        for family, address in ((socket.AF_INET, ("0.0.0.0", 15353)), (socket.AF_INET6, ("::", 15354))):
            u = socket.socket(family, socket.SOCK_DGRAM)
            u.bind(address)
            keep.append(u)
        connected = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        connected.connect(("127.0.0.1", 15353))
        keep.append(connected)
        keep.append(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
        keep.append(socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6))
        print("ready", flush=True)
        sys.stdin.read()
        """;

    [NamespaceFact("ss", "python3")]
    public void EverySocketAndOwnerIsTheSameAsSs()
    {
        using var ns = new ObserveNamespace("sso-s");
        var start = new ProcessStartInfo("ip") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "netns", "exec", ns.Name, "python3", "-c", Holder }) start.ArgumentList.Add(a);
        using Process holder = Process.Start(start)!;
        try
        {
            Task<string?> ready = holder.StandardOutput.ReadLineAsync();
            Assert.True(ready.Wait(TimeSpan.FromSeconds(20)) && ready.Result == "ready", "the socket holder did not start");
            foreach (string flags in new[] { "-tuwanp", "-tuwlnp", "-tnp" })
            {
                string ours = "";
                ObserveCli.AssertSameAsTool(() => Rows(ObserveCli.Tool("ip", "netns", "exec", ns.Name, "ss", flags)), () =>
                {
                    (int exit, string output, string error) = ObserveCli.Run("sockets", flags, "--netns", ns.Name);
                    Assert.True(exit == 0, error);
                    return ours = Rows(output);
                });
                if (flags == "-tuwanp")
                {
                    // Nine sockets of the holder, each with its owner: a listing that lost the raw
                    // sockets or the owners would fail here even if ss lost them too.
                    string owner = $"users:((\"python3\",pid={holder.Id},";
                    Assert.Equal(9, ours.Split('\n').Count(l => l.Contains(owner, StringComparison.Ordinal)));
                    Assert.Equal(2, ours.Split('\n').Count(l => l.StartsWith("raw ", StringComparison.Ordinal)));
                }
            }
        }
        finally
        {
            holder.StandardInput.Close();
            if (!holder.WaitForExit(5_000)) holder.Kill();
        }
    }

    /// <summary>The table's rows without the header, runs of spaces made one, sorted (both list in the kernel's order, which may differ between two dumps).</summary>
    private static string Rows(string table) => string.Join('\n', table.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Skip(1)
        .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        .Order(StringComparer.Ordinal));
}
