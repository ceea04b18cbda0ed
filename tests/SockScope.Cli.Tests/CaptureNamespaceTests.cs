using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>
/// `sockscope capture` beside tcpdump on one veth end, in namespaces this test builds: the same
/// packets, decoded the same by tcpdump and read by tshark; -c, filters, rotation, -Z and SIGINT.
/// </summary>
[Collection("capture-namespaces")]
public sealed class CaptureNamespaceTests : IDisposable
{
    private readonly string _dir;
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    public CaptureNamespaceTests()
    {
        _dir = Directory.CreateTempSubdirectory("ssc-capture").FullName;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static string Sockscope(string args) => $"dotnet {CaptureNamespaces.SockScopeDll} capture {args}";

    /// <summary>ICMP echo both ways, UDP datagrams and ICMPv6 echo from A to B: bounded in count.</summary>
    private static void Traffic(CaptureNamespaces ns)
    {
        CaptureNamespaces.Exec(ns.A, $"ping -c 4 -i 0.05 -s 200 {ns.AddressB}", Bounded);
        CaptureNamespaces.Exec(ns.A, $"i=0; while [ $i -lt 20 ]; do echo datagram$i > /dev/udp/{ns.AddressB}/9999; i=$((i+1)); done", Bounded);
        CaptureNamespaces.Exec(ns.A, $"ping -6 -c 3 -i 0.05 {ns.Address6B}", Bounded);
        CaptureNamespaces.Exec(ns.B, $"ping -c 2 -i 0.05 {ns.AddressA}", Bounded);
        Thread.Sleep(300);
    }

    /// <summary>
    /// tcpdump's decoding of a file, without timestamps: the kernel stamps an outgoing frame
    /// for each packet socket separately, so two captures differ by microseconds there
    /// (<see cref="AssertTimestampsClose"/> checks those).
    /// </summary>
    private static string Decode(string file, string flags = "-nn -t -e -v")
    {
        string tcpdump = Tools.Find("tcpdump") ?? throw new InvalidOperationException("tcpdump not found");
        (int code, string output, string error) = CaptureNamespaces.RunProcess(tcpdump, $"{flags} -r {file}", Bounded);
        Assert.True(code == 0, $"tcpdump -r {file}: {error}");
        Assert.DoesNotContain("truncated", error);
        return output;
    }

    private static void AssertTimestampsClose(string ours, string theirs)
    {
        static double[] Stamps(string file) => Decode(file, "-nn -tt -q").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => char.IsDigit(l[0])).Select(l => double.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        double[] a = Stamps(ours), b = Stamps(theirs);
        Assert.Equal(b.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) < 0.002, $"record {i + 1}: {a[i]:F6} against tcpdump's {b[i]:F6}");
    }

    private (string Ours, string Theirs, CaptureNamespaces.Capturer Capturer) SideBySide(CaptureNamespaces ns, string ourFile, string expression, string extra = "")
    {
        string tcpdump = Tools.Find("tcpdump")!;
        string theirs = PathOf("tcpdump.pcap");
        string ours = PathOf(ourFile);
        var t = ns.Start(ns.B, tcpdump, $"-i {ns.VethB} -U -w {theirs} {expression}");
        var s = ns.Start(ns.B, Sockscope($"-i {ns.VethB} -w {ours} {extra} {expression}"));
        t.WaitReady();
        s.WaitReady();
        Traffic(ns);
        Assert.Equal(0, s.Interrupt());
        t.Interrupt();
        return (ours, theirs, s);
    }

    [CaptureToolsFact("tcpdump")]
    public void Same_packets_and_same_decoding_as_tcpdump_side_by_side()
    {
        using var ns = new CaptureNamespaces();
        (string ours, string theirs, var s) = SideBySide(ns, "sockscope.pcap", "");
        string expected = Decode(theirs);
        string actual = Decode(ours);
        Assert.True(expected.Split('\n').Length > 40, expected);
        Assert.Equal(expected, actual);
        AssertTimestampsClose(ours, theirs);
        long lines = actual.Split('\n').Count(l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        Assert.Equal(lines, s.Counter("packets captured"));
        Assert.Equal(0, s.Counter("packets dropped by kernel"));
    }

    [CaptureToolsFact("tcpdump")]
    public void A_filtered_capture_holds_exactly_what_tcpdumps_filtered_capture_holds()
    {
        using var ns = new CaptureNamespaces();
        (string ours, string theirs, var s) = SideBySide(ns, "filtered.pcap", "udp port 9999 or icmp6");
        string expected = Decode(theirs);
        Assert.Contains("datagram", Decode(theirs, "-nn -A"));
        Assert.Equal(expected, Decode(ours));
        long records = expected.Split('\n').Count(l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        Assert.True(records >= 20 + 6, expected);   // 20 datagrams, 3 echo requests and replies, neighbour discovery
        Assert.Equal(records, s.Counter("packets captured"));
        Assert.Equal(records, s.Counter("packets received by filter"));
    }

    [CaptureToolsFact("tcpdump", "tshark")]
    public void Pcapng_is_read_by_tshark_with_interface_name_and_drop_counts()
    {
        using var ns = new CaptureNamespaces();
        (string ours, string theirs, _) = SideBySide(ns, "sockscope.pcapng", "icmp");
        string expected = Decode(theirs);
        Assert.Equal(expected, Decode(ours));
        int records = expected.Split('\n').Count(l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        (int code, string fields, string err) = CaptureNamespaces.RunProcess(Tools.Find("tshark")!,
            $"-r {ours} -T fields -e frame.interface_name -e icmp.type", Bounded);
        Assert.True(code == 0, err);
        string[] rows = fields.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(rows.Length >= 12, fields);   // 4 + 2 echo requests and their replies, port unreachables
        Assert.Equal(records, rows.Length);
        Assert.All(rows, r => Assert.StartsWith(ns.VethB + "\t", r));
        (code, string stats, err) = CaptureNamespaces.RunProcess(Tools.Find("tshark")!, $"-r {ours} -q -z io,phs", Bounded);
        Assert.True(code == 0, err);
        string? capinfos = Tools.Find("capinfos");
        if (capinfos is not null)
        {
            (code, string info, err) = CaptureNamespaces.RunProcess(capinfos, ours, Bounded);
            Assert.True(code == 0, err);
            Assert.Contains("Number of stat entries = 1", info);
        }
    }

    [CaptureToolsFact("tcpdump")]
    public void Count_stops_the_capture_by_itself()
    {
        using var ns = new CaptureNamespaces();
        string file = PathOf("five.pcap");
        var s = ns.Start(ns.B, Sockscope($"-i {ns.VethB} -c 5 -w {file} icmp"));
        s.WaitReady();
        CaptureNamespaces.Exec(ns.A, $"ping -c 10 -i 0.05 {ns.AddressB}", Bounded);
        Assert.Equal(0, s.WaitExit());
        Assert.Equal(5, s.Counter("packets captured"));
        Assert.Equal(5, Decode(file, "-nn").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [CaptureToolsFact("tcpdump")]
    public void Size_rotation_keeps_at_most_W_readable_files()
    {
        using var ns = new CaptureNamespaces();
        string file = PathOf("ring.pcap");
        var s = ns.Start(ns.B, Sockscope($"-i {ns.VethB} -w {file} -C 0.01 -W 3 icmp"));
        s.WaitReady();
        CaptureNamespaces.Exec(ns.A, $"ping -c 60 -i 0.01 -s 1000 {ns.AddressB}", Bounded);
        Thread.Sleep(200);
        Assert.Equal(0, s.Interrupt());
        string[] files = Directory.GetFiles(_dir, "ring.pcap*").Order().ToArray();
        Assert.Equal([file + "0", file + "1", file + "2"], files);
        long total = 0;
        foreach (string f in files)
        {
            Assert.True(new FileInfo(f).Length < 10_000 + 1100 + 100, $"{f} is {new FileInfo(f).Length} bytes");
            total += Decode(f, "-nn").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        }
        Assert.InRange(total, 10, 119);   // the oldest files were overwritten: fewer than the 120 packets sent and received
    }

    [CaptureToolsFact("tcpdump")]
    public void Interrupt_under_load_leaves_a_complete_file()
    {
        using var ns = new CaptureNamespaces();
        string file = PathOf("load.pcap");
        var s = ns.Start(ns.B, Sockscope($"-i {ns.VethB} -w {file} udp"));
        s.WaitReady();
        var sender = ns.Start(ns.A, "bash", $"-c \"i=0; while [ $i -lt 200000 ]; do echo x > /dev/udp/{ns.AddressB}/9; i=$((i+1)); done\"");
        Thread.Sleep(1500);
        Assert.Equal(0, s.Interrupt());   // while the sender is still running
        if (!sender.Process.HasExited) sender.Process.Kill();
        long captured = s.Counter("packets captured");
        Assert.True(captured > 1000, s.Stderr);
        Assert.Equal(captured, Decode(file, "-nn -q").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [CaptureToolsFact("tcpdump")]
    public void Z_drops_root_before_the_file_is_created()
    {
        using var ns = new CaptureNamespaces();
        if (!OperatingSystem.IsLinux()) return;
        File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.GroupWrite);
        string file = PathOf("nobody.pcap");
        var s = ns.Start(ns.B, Sockscope($"-i {ns.VethB} -c 2 -Z nobody -w {file} icmp"));
        s.WaitReady();
        CaptureNamespaces.Exec(ns.A, $"ping -c 2 -i 0.05 {ns.AddressB}", Bounded);
        Assert.Equal(0, s.WaitExit());
        (int code, string owner, _) = CaptureNamespaces.RunProcess("stat", $"-c %U {file}", Bounded);
        Assert.Equal(0, code);
        Assert.Equal("nobody", owner.Trim());
    }
}
