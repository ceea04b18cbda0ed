using SockScope.Analysis.Flows;

namespace SockScope.Cli.Tests;

/// <summary>
/// conn_state for connections made for real between two namespaces (ssfl-aN, ssfl-bN): a normal one
/// (SF), a refused one (REJ), a SYN nobody answers (S0: dropped by nftables in B) and one the client
/// aborts with a RST (RSTO). tcpdump records them in A; `flows` reads the capture in-process.
/// </summary>
public sealed class FlowsNamespaceTests
{
    private const string Server = """
        import socket, sys
        def listen(port):
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(('0.0.0.0', port)); s.listen(1); s.settimeout(15); return s
        normal, aborted = listen(8080), listen(8081)
        sys.stderr.write('listening on\n'); sys.stderr.flush()
        c, _ = normal.accept(); c.settimeout(10)
        while c.recv(4096): pass
        c.sendall(b'world'); c.close()
        d, _ = aborted.accept(); d.settimeout(10)
        try:
            while d.recv(4096): pass
        except OSError: pass
        d.close()
        """;

    private const string Client = """
        import socket, struct, sys, time
        b = sys.argv[1]
        c = socket.create_connection((b, 8080), timeout=5); c.sendall(b'hello'); c.shutdown(socket.SHUT_WR)
        while c.recv(4096): pass
        c.close(); time.sleep(0.2)
        d = socket.create_connection((b, 8081), timeout=5); d.sendall(b'x'); time.sleep(0.2)
        d.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); d.close(); time.sleep(0.2)
        try: socket.create_connection((b, 9090), timeout=5)
        except ConnectionRefusedError: pass
        try: socket.create_connection((b, 7070), timeout=1.5)
        except OSError: pass
        time.sleep(0.3)
        """;

    [CaptureToolsFact("tcpdump", "python3", "nft")]
    public void RealConnectionsGetZeeksConnState()
    {
        int n = Random.Shared.Next(1, 250);
        string a = $"ssfl-a{n}", b = $"ssfl-b{n}", vethA = $"ssfl-{n}a", vethB = $"ssfl-{n}b";
        string addressB = $"10.93.{n}.2";
        string dir = Path.Combine(Path.GetTempPath(), $"ssfl-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string pcap = Path.Combine(dir, "conn.pcap"), server = Path.Combine(dir, "server.py"), client = Path.Combine(dir, "client.py");
        File.WriteAllText(server, Server);
        File.WriteAllText(client, Client);
        var started = new List<System.Diagnostics.Process>();
        try
        {
            Ip($"netns add {a}");
            Ip($"netns add {b}");
            Ip($"link add {vethA} netns {a} type veth peer name {vethB} netns {b}");
            Ip($"-n {a} addr add 10.93.{n}.1/24 dev {vethA}");
            Ip($"-n {b} addr add {addressB}/24 dev {vethB}");
            Ip($"-n {a} link set {vethA} up");
            Ip($"-n {b} link set {vethB} up");
            Ip($"-n {b} link set lo up");
            Exec(b, "nft add table inet ssfl && nft add chain inet ssfl in '{ type filter hook input priority 0; }' && nft add rule inet ssfl in tcp dport 7070 drop");

            var tcpdump = Start(started, a, $"tcpdump -i {vethA} -n -U -w {pcap} tcp");
            tcpdump.WaitReady();
            var listener = Start(started, b, $"python3 {server}");
            listener.WaitReady();
            (int code, _, string err) = CaptureNamespaces.Exec(a, $"python3 {client} {addressB}", TimeSpan.FromSeconds(20));
            Assert.True(code == 0, err);
            Assert.Equal(0, listener.WaitExit());
            Thread.Sleep(300);
            tcpdump.Interrupt();

            (List<Flow> flows, _, _) = FlowsRun.File(pcap);
            ConnectionState StateOf(ushort port) => flows.Single(f => f.ResponderPort == port).State;
            Assert.Equal(ConnectionState.SF, StateOf(8080));
            Assert.Equal(ConnectionState.RSTO, StateOf(8081));
            Assert.Equal(ConnectionState.REJ, StateOf(9090));
            Assert.Equal(ConnectionState.S0, StateOf(7070));
            Flow normal = flows.Single(f => f.ResponderPort == 8080);
            Assert.Equal((5L, 5L), (normal.OriginatorBytes, normal.ResponderBytes));
            Assert.All(flows, f => Assert.Equal($"10.93.{n}.1", f.OriginatorAddress.ToString()));
        }
        finally
        {
            foreach (var p in started)
            {
                try { if (!p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(5000); } } catch (InvalidOperationException) { }
                p.Dispose();
            }
            CaptureNamespaces.RunProcess("ip", $"netns del {a}", TimeSpan.FromSeconds(10));
            CaptureNamespaces.RunProcess("ip", $"netns del {b}", TimeSpan.FromSeconds(10));
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Ip(string args)
    {
        (int code, _, string err) = CaptureNamespaces.RunProcess("ip", args, TimeSpan.FromSeconds(10));
        if (code != 0) throw new InvalidOperationException($"ip {args}: {err.Trim()}");
    }

    private static void Exec(string ns, string command)
    {
        (int code, _, string err) = CaptureNamespaces.Exec(ns, command, TimeSpan.FromSeconds(10));
        if (code != 0) throw new InvalidOperationException($"{command}: {err.Trim()}");
    }

    private static CaptureNamespaces.Capturer Start(List<System.Diagnostics.Process> started, string ns, string commandLine)
    {
        var p = new System.Diagnostics.Process
        {
            StartInfo = new System.Diagnostics.ProcessStartInfo("ip", $"netns exec {ns} {commandLine}") { RedirectStandardOutput = true, RedirectStandardError = true },
        };
        var c = new CaptureNamespaces.Capturer(p);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (c.Out) c.Out.Append(e.Data).Append('\n'); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (c.Err) c.Err.Append(e.Data).Append('\n'); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        started.Add(p);
        return c;
    }
}
