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

    /// <summary>
    /// Everything but MLD reports: the kernel repeats those at times of its choosing, so one may
    /// fall between the moments the two captures start.
    /// </summary>
    private const string QuietLink = "not ip6 dst ff02::16";

    public CaptureNamespaceTests()
    {
        _dir = Directory.CreateTempSubdirectory("ssc-capture").FullName;
    }

    public void Dispose() { if (Environment.GetEnvironmentVariable("SSC_KEEP") is { } keep) { foreach (var f in Directory.GetFiles(_dir)) File.Copy(f, Path.Combine(keep, Path.GetFileName(f)), true); } Directory.Delete(_dir, recursive: true); }

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static string Sockscope(string args) => $"{CliUnderTest.Command} capture {args}";

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

    /// <summary>
    /// Stops both capturers at one moment. libpcap holds the last packets in a ring block the kernel
    /// hands over only after its 1 s block timeout, so that comes first. (Its immediate mode is no
    /// way out: on the any device it drops packets of a 20-datagram burst.) Stopping ours first and
    /// tcpdump a second later let a packet arriving in between (a late neighbour probe on a loaded
    /// machine) reach tcpdump alone.
    /// </summary>
    private static void StopBoth(CaptureNamespaces.Capturer ours, CaptureNamespaces.Capturer tcpdump)
    {
        Thread.Sleep(1100);
        CaptureNamespaces.RunProcess("kill", $"-INT {ours.Process.Id} {tcpdump.Process.Id}", TimeSpan.FromSeconds(5));
        Assert.Equal(0, ours.WaitExit());
        tcpdump.WaitExit();
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

    /// <summary>Both tools with the same extra flags (-Q, -s ...).</summary>
    private (string Ours, string Theirs, CaptureNamespaces.Capturer Capturer) SideBySideWith(CaptureNamespaces ns, string ourFile, string flags, string expression)
    {
        string tcpdump = Tools.Find("tcpdump")!;
        string theirs = PathOf("tcpdump.pcap");
        string ours = PathOf(ourFile);
        var t = ns.Start(ns.B, tcpdump, $"-i {ns.VethB} {flags} -U -w {theirs} {expression}");
        var s = ns.Start(ns.B, Sockscope($"-i {ns.VethB} {flags} -w {ours} {expression}"));
        t.WaitReady();
        s.WaitReady();
        Traffic(ns);
        StopBoth(s, t);
        return (ours, theirs, s);
    }

    private (string Ours, string Theirs, CaptureNamespaces.Capturer Capturer) SideBySide(CaptureNamespaces ns, string ourFile, string expression,
        string extra = "", string? iface = null)
    {
        string tcpdump = Tools.Find("tcpdump")!;
        string theirs = PathOf("tcpdump.pcap");
        string ours = PathOf(ourFile);
        iface ??= ns.VethB;
        var t = ns.Start(ns.B, tcpdump, $"-i {iface} -U -w {theirs} {expression}");
        var s = ns.Start(ns.B, Sockscope($"-i {iface} -w {ours} {extra} {expression}"));
        t.WaitReady();
        s.WaitReady();
        Traffic(ns);
        StopBoth(s, t);
        return (ours, theirs, s);
    }

    [CaptureToolsFact("tcpdump")]
    public void Same_packets_and_same_decoding_as_tcpdump_side_by_side()
    {
        using var ns = new CaptureNamespaces();
        (string ours, string theirs, var s) = SideBySide(ns, "sockscope.pcap", QuietLink);
        string expected = Decode(theirs);
        string actual = Decode(ours);
        Assert.True(expected.Split('\n').Length > 40, expected);
        Assert.Equal(expected, actual);
        AssertTimestampsClose(ours, theirs);
        long lines = actual.Split('\n').Count(l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        Assert.Equal(lines, s.Counter("packets captured"));
        Assert.Equal(0, s.Counter("packets dropped by kernel"));
    }

    /// <summary>
    /// 802.1Q-tagged frames replayed into A's end of the veth: B's kernel moves the tag out of the
    /// frame (into tp_vlan_tci) before packet sockets see it, and both tools put it back.
    /// </summary>
    [CaptureToolsFact("tcpdump", "tcpreplay")]
    public void Vlan_tags_are_put_back_as_tcpdump_shows_them()
    {
        using var ns = new CaptureNamespaces();
        string replay = PathOf("tagged.pcap");
        using (var writer = Files.CaptureFileWriter.Create(replay, Files.CaptureFileFormat.Pcap, Wire.LinkType.Ethernet))
            for (int i = 0; i < 5; i++) writer.Write(TaggedEcho(ns.N, (ushort)(100 + i)), 1_700_000_000_000_000_000L + i * 1_000_000, 64 + 4);
        string tcpdump = Tools.Find("tcpdump")!;
        string theirs = PathOf("tcpdump.pcap"), ours = PathOf("vlan.pcap");
        var t = ns.Start(ns.B, tcpdump, $"-i {ns.VethB} -U -w {theirs} vlan 5 or vlan");
        var s = ns.Start(ns.B, Sockscope($"-i {ns.VethB} -w {ours} vlan 5 or vlan"));
        t.WaitReady();
        s.WaitReady();
        (int code, _, string err) = CaptureNamespaces.Exec(ns.A, $"{Tools.Find("tcpreplay")} -q -i {ns.VethA} {replay}", Bounded);
        Assert.True(code == 0, err);
        Thread.Sleep(300);
        StopBoth(s, t);
        string expected = Decode(theirs);
        Assert.Contains("vlan 5", expected);
        Assert.Equal(5, expected.Split('\n').Count(l => l.Contains("vlan 5", StringComparison.Ordinal)));
        Assert.Equal(expected, Decode(ours));
        Assert.Equal(Decode(theirs, "-nn -t -xx"), Decode(ours, "-nn -t -xx"));
    }

    /// <summary>An ICMP echo request from 10.91.N.129 to 10.91.N.130 in VLAN 5, priority 3, broadcast.</summary>
    private static byte[] TaggedEcho(int n, ushort sequence)
    {
        byte[] f = new byte[14 + 4 + 20 + 8 + 22];
        f.AsSpan(0, 6).Fill(0xff);
        byte[] src = [0x02, 0x91, 0, 0, 0, 1];
        src.CopyTo(f, 6);
        f[12] = 0x81; f[13] = 0x00; f[14] = 0x60; f[15] = 0x05;   // TPID, PCP 3 + VID 5
        f[16] = 0x08; f[17] = 0x00;
        Span<byte> ip = f.AsSpan(18, 20);
        ip[0] = 0x45; ip[3] = (byte)(20 + 8 + 22); ip[8] = 64; ip[9] = 1;
        byte[] a = [10, 91, (byte)n, 129], b = [10, 91, (byte)n, 130];
        a.CopyTo(ip[12..]); b.CopyTo(ip[16..]);
        Checksum(ip, 10);
        Span<byte> icmp = f.AsSpan(38);
        icmp[0] = 8; icmp[4] = 0x12; icmp[5] = 0x34; icmp[6] = (byte)(sequence >> 8); icmp[7] = (byte)sequence;
        for (int i = 8; i < icmp.Length; i++) icmp[i] = (byte)i;
        Checksum(icmp, 2);
        return f;
    }

    private static void Checksum(Span<byte> data, int at)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2) sum += (uint)(data[i] << 8 | data[i + 1]);
        if ((data.Length & 1) != 0) sum += (uint)data[^1] << 8;
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
        ushort c = (ushort)~sum;
        data[at] = (byte)(c >> 8);
        data[at + 1] = (byte)c;
    }

    [CaptureToolsFact("tcpdump")]
    public void The_any_device_records_the_same_cooked_frames_as_tcpdump()
    {
        using var ns = new CaptureNamespaces();
        (string ours, string theirs, var s) = SideBySide(ns, "any.pcap", "icmp or udp", iface: "any");
        string expected = Decode(theirs);
        Assert.Contains("LINUX_SLL2", Decode(theirs, "-nn -t -c 1 --print -w /dev/null") + CaptureNamespaces.RunProcess(Tools.Find("tcpdump")!, $"-r {theirs} -c 1", Bounded).Err);
        Assert.Equal(expected, Decode(ours));
        AssertTimestampsClose(ours, theirs);
        // The cooked header's bytes themselves, for every record.
        Assert.Equal(Decode(theirs, "-nn -t -xx"), Decode(ours, "-nn -t -xx"));
        // Each line starts with the interface's name (looked up by index where the file is read) and the direction.
        string tcpdump = Tools.Find("tcpdump")!;
        string theirLines = CaptureNamespaces.Exec(ns.B, $"{tcpdump} -nn -t -r {theirs} 2>/dev/null", Bounded).Out;
        string ourLines = CaptureNamespaces.Exec(ns.B, $"{CliUnderTest.Command} read -nn -t {theirs} 2>/dev/null", Bounded).Out;
        Assert.Contains($"{ns.VethB} In  IP {ns.AddressA} > {ns.AddressB}: ICMP echo request", theirLines);
        Assert.Contains($"{ns.VethB} Out IP {ns.AddressB} > {ns.AddressA}: ICMP echo reply", theirLines);
        Assert.Equal(theirLines, ourLines);
    }

    [CaptureToolsFact("tcpdump")]
    public void Printing_on_the_any_device_names_the_interface_and_direction_as_tcpdump_does()
    {
        using var ns = new CaptureNamespaces();
        var t = ns.Start(ns.B, Tools.Find("tcpdump")!, "-i any -nn -t -l icmp");
        var s = ns.Start(ns.B, Sockscope("-i any -nn -t icmp"));
        t.WaitReady();
        s.WaitReady();
        CaptureNamespaces.Exec(ns.A, $"ping -c 3 -i 0.05 {ns.AddressB}", Bounded);
        Thread.Sleep(300);
        StopBoth(s, t);
        string[] theirs = t.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, theirs.Length);
        Assert.Equal(theirs, s.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [CaptureToolsFact("tcpdump")]
    public void A_filter_on_the_any_device_runs_in_the_kernel_and_matches_tcpdump()
    {
        using var ns = new CaptureNamespaces();
        (string ours, string theirs, var s) = SideBySide(ns, "any-udp.pcap", "udp port 9999", iface: "any");
        string expected = Decode(theirs);
        Assert.Equal(expected, Decode(ours));
        Assert.Equal(20, s.Counter("packets captured"));
        Assert.Equal(20, s.Counter("packets received by filter"));   // filtered in the kernel: nothing else was copied
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
    public void Direction_in_keeps_what_tcpdump_Q_in_keeps()
    {
        using var ns = new CaptureNamespaces();
        (string ours, string theirs, _) = SideBySideWith(ns, "in.pcap", "-Q in", "icmp");
        string expected = Decode(theirs);
        Assert.Contains("echo request", expected);
        Assert.Equal(expected, Decode(ours));
    }

    [CaptureToolsFact("tcpdump")]
    public void Snap_length_cuts_as_tcpdump_s_does()
    {
        using var ns = new CaptureNamespaces();
        // -s 100, not 60: libpcap's ring sizing makes tcpdump keep 58 bytes for -s 59 and -s 60.
        (string ours, string theirs, _) = SideBySideWith(ns, "snap.pcap", "-s 100", QuietLink);
        string expected = Decode(theirs, "-nn -t -e -v -xx");
        using (var reader = Files.CaptureFileReader.Open(ours))
        {
            int cut = 0;
            while (reader.TryRead(out Files.CaptureRecord r))
            {
                Assert.True(r.Data.Length <= 100);
                if (r.OriginalLength > 100) { cut++; Assert.Equal(100, r.Data.Length); }
            }
            Assert.True(cut >= 8, $"{cut} records cut");   // the 200-byte pings at least
        }
        Assert.Equal(expected, Decode(ours, "-nn -t -e -v -xx"));
    }

    [CaptureToolsFact("tcpdump")]
    public void Promiscuous_mode_is_on_while_capturing_unless_p()
    {
        using var ns = new CaptureNamespaces();
        // `ip link` hides promiscuity a packet socket asks for; the kernel's flags (what
        // `sockscope interfaces` reads) show it, as `ip -d link` shows the promiscuity count.
        string Flags() => CaptureNamespaces.Exec(ns.B, $"{CliUnderTest.Command} interfaces -b", Bounded).Out
            .Split('\n').Single(l => l.Contains(ns.VethB, StringComparison.Ordinal));
        Assert.DoesNotContain("PROMISC", Flags());
        var s = ns.Start(ns.B, Sockscope($"-i {ns.VethB} -w {PathOf("p.pcap")}"));
        s.WaitReady();
        Assert.Contains("PROMISC", Flags());
        Assert.Equal(0, s.Interrupt());
        Assert.DoesNotContain("PROMISC", Flags());   // the membership goes with the socket
        s = ns.Start(ns.B, Sockscope($"-i {ns.VethB} -p -w {PathOf("p.pcap")}"));
        s.WaitReady();
        Assert.DoesNotContain("PROMISC", Flags());
        Assert.Equal(0, s.Interrupt());
    }

    [CaptureToolsFact("tcpdump")]
    public void Nanosecond_pcap_keeps_the_kernel_nanoseconds()
    {
        using var ns = new CaptureNamespaces();
        string file = PathOf("nano.pcap");
        var s = ns.Start(ns.B, Sockscope($"-i {ns.VethB} -c 4 --nano -w {file} icmp"));
        s.WaitReady();
        CaptureNamespaces.Exec(ns.A, $"ping -c 2 -i 0.05 {ns.AddressB}", Bounded);
        Assert.Equal(0, s.WaitExit());
        string nanos = Decode(file, "-nn -tt --nano");
        string[] stamps = nanos.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToArray();
        Assert.Equal(4, stamps.Length);
        Assert.All(stamps, t => Assert.Matches(@"^\d{10}\.\d{9}$", t));
        Assert.Contains(stamps, t => !t.EndsWith("000", StringComparison.Ordinal));
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
    public void Sigusr1_prints_the_counters_and_the_capture_goes_on()
    {
        using var ns = new CaptureNamespaces();
        string file = PathOf("usr1.pcap");
        var s = ns.Start(ns.B, Sockscope($"-i {ns.VethB} -w {file} icmp"));
        s.WaitReady();
        CaptureNamespaces.Exec(ns.A, $"ping -c 3 -i 0.05 {ns.AddressB}", Bounded);
        Thread.Sleep(300);
        CaptureNamespaces.RunProcess("kill", $"-USR1 {s.Process.Id}", Bounded);
        s.WaitReady("packets dropped by kernel");
        Assert.False(s.Process.HasExited);
        CaptureNamespaces.Exec(ns.A, $"ping -c 1 {ns.AddressB}", Bounded);
        Thread.Sleep(300);
        Assert.Equal(0, s.Interrupt());
        long[] captured = s.Stderr.Split('\n').Where(l => l.EndsWith(" packets captured", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([6L, 8L], captured);
        Assert.Equal(8, Decode(file, "-nn -q").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
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
