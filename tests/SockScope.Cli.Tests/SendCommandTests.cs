using System.Diagnostics;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>
/// Crafted packets are sent from ssp-h1 and captured by tcpdump in the receiving namespace; the
/// checks read tcpdump's own -vv decoding, so fields, lengths and checksum verdicts are tcpdump's.
/// </summary>
[Collection(PingTopologyCollection.Name)]
public class SendCommandTests(PingTopology topology)
{
    /// <summary>Captures in <paramref name="ns"/> while <paramref name="send"/> runs; returns tcpdump -r -n -vv [-e] [-x] text.</summary>
    internal static string Capture(string ns, string iface, string filter, int count, Action send, string readFlags = "-n -vv")
    {
        string file = Path.Combine(Path.GetTempPath(), $"ssp-send-{Guid.NewGuid():N}.pcap");
        try
        {
            CaptureToFile(ns, iface, filter, count, send, file);
            return PingTopology.Run(Tools.Find("tcpdump")!, $"-r {file} {readFlags}").Stdout;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs tcpdump -w <paramref name="file"/> in a namespace until <paramref name="count"/> packets or 10 s after <paramref name="send"/>.</summary>
    internal static void CaptureToFile(string ns, string iface, string filter, int count, Action send, string file)
    {
        var info = new ProcessStartInfo("ip", $"netns exec {ns} tcpdump -U -s 0 -i {iface} -n -c {count} -w {file} {filter}")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var tcpdump = Process.Start(info)!;
        try
        {
            // tcpdump says "listening on" once its socket is open and filtered.
            var listening = new TaskCompletionSource();
            tcpdump.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("listening on") == true) listening.TrySetResult(); };
            tcpdump.BeginErrorReadLine();
            Assert.True(listening.Task.Wait(TimeSpan.FromSeconds(10)), "tcpdump did not start");
            send();
            if (!tcpdump.WaitForExit(10_000)) tcpdump.Kill();
            tcpdump.WaitForExit();
        }
        finally
        {
            if (!tcpdump.HasExited) tcpdump.Kill();
        }
    }

    private static void Send(string expression, string extra = "")
    {
        PingTopology.Result r = PingTopology.Sockscope(PingTopology.Host1, $"send -q {extra} \"{expression}\"");
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    /// <summary>Sends each expression once from ssp-h1; returns tcpdump's reading (-r with <paramref name="readFlags"/>) of what reached ssp-h2 through the router.</summary>
    private string SendToHost2(string filter, string readFlags, params string[] expressions)
    {
        Assert.True(topology.Ready);
        return Capture(PingTopology.Host2, "ssp-h2r", filter, expressions.Length, () =>
        {
            foreach (string expression in expressions) Send(expression);
        }, readFlags);
    }

    [NamespaceFact("tcpdump")]
    public void UdpOverIpv4ArrivesAsSpecified()
    {
        string seen = SendToHost2("udp and src 10.92.1.2", "-n -vv -x",
            "ipv4(dst=10.92.2.2, ttl=7, id=4242, tos=0x10) / udp(sport=4000, dport=5000) / 'hello'");
        // The router forwarded it once: ttl 7 arrives as 6.
        Assert.Contains("IP (tos 0x10, ttl 6, id 4242, offset 0, flags [none], proto UDP (17), length 33)", seen);
        Assert.Contains("10.92.1.2.4000 > 10.92.2.2.5000: [udp sum ok] UDP, length 5", seen);
        Assert.Contains("6865 6c6c", seen);   // "hell", then "o" on the next line of the dump
        Assert.Contains("0x0020:  6f", seen);
        Assert.DoesNotContain("bad", seen);
    }

    /// <summary>A subnet broadcast needs SO_BROADCAST on the raw socket (and on the route lookup's socket).</summary>
    [NamespaceFact("tcpdump")]
    public void ABroadcastDestinationGoesOut()
    {
        Assert.True(topology.Ready);
        string seen = Capture(PingTopology.Router, "ssp-rh1", "udp and dst 10.92.1.255", 1,
            () => Send("ipv4(dst=10.92.1.255) / udp(sport=4000, dport=5000) / 'all'"), "-n -e");
        Assert.Contains("ff:ff:ff:ff:ff:ff", seen);
        Assert.Contains("10.92.1.2.4000 > 10.92.1.255.5000: UDP, length 3", seen);
    }

    [NamespaceFact("tcpdump")]
    public void AnyProtocolNumberAndRawBytes()
    {
        string seen = SendToHost2("ip proto 253", "-n -vv -x", "ipv4(dst=10.92.2.2, proto=253, id=7) / raw(0102)");
        Assert.Contains("proto unknown (253), length 22)", seen);
        Assert.Contains("10.92.1.2 > 10.92.2.2:  ip-proto-253 2", seen);
        Assert.Contains("0a5c 0202 0102", seen);
    }

    [NamespaceFact("tcpdump")]
    public void TcpFlagsAndOptions()
    {
        string seen = SendToHost2("tcp and src 10.92.1.2", "-n -vv",
            "ipv4(dst=10.92.2.2) / tcp(sport=1234, dport=80, seq=100, flags=SA, options=[mss=1300, sack-perm, ts=1:0, ws=7])");
        Assert.Matches(@"10\.92\.1\.2\.1234 > 10\.92\.2\.2\.80: Flags \[S\.\], cksum 0x[0-9a-f]{4} \(correct\), seq 100, ack 0, win 8192, options \[mss 1300,sackOK,TS val 1 ecr 0,wscale 7,eol\], length 0", seen);
    }

    [NamespaceFact("tcpdump")]
    public void Ipv6WithKernelBuiltHeaderAndExtensionHeaders()
    {
        string seen = SendToHost2("\"src fd92:1::2 and (not icmp6 or ip6[40] == 128)\"", "-n -vv",
            "ipv6(dst=fd92:2::2, hlim=9, tc=0x20) / icmpv6(type=echo-request, id=7, seq=1) / 'hey'",
            "ipv6(dst=fd92:2::2) / hbh(ra=0) / dstopts() / udp(sport=1, dport=2) / 'x'",
            "ipv6(dst=fd92:2::2, fl=5) / frag(id=5) / udp(sport=1, dport=2) / 'x'");
        Assert.Contains("IP6 (class 0x20, hlim 8, next-header ICMPv6 (58) payload length: 11) fd92:1::2 > fd92:2::2: [icmp6 sum ok] ICMP6, echo request, id 7, seq 1", seen);
        Assert.Contains("IP6 (hlim 63, next-header Options (0) payload length: 25) fd92:1::2 > fd92:2::2: HBH (rtalert: 0x0000) (padn) DSTOPT (padn) 1 > 2: [udp sum ok] UDP, length 1", seen);
        Assert.Contains("IP6 (flowlabel 0x00005, hlim 63, next-header Fragment (44) payload length: 17) fd92:1::2 > fd92:2::2: frag (0x00000005:0|9)", seen);
    }

    [NamespaceFact("tcpdump")]
    public void WrongChecksumsGoOutWrongWhenAskedFor()
    {
        string seen = SendToHost2("\"src 10.92.1.2 or (src fd92:1::2 and icmp6)\"", "-n -vv",
            "ipv4(dst=10.92.2.2, options=[nop, ra]) / udp(sport=1, dport=2, chksum=0x1234) / 'x'",
            "ipv6(dst=fd92:2::2) / icmpv6(type=echo-request, chksum=0xbad)");
        Assert.Contains("options (NOP,RA,EOL))", seen);
        Assert.Contains("[bad udp cksum 0x1234 ->", seen);
        Assert.Contains("[bad icmp6 cksum 0x0bad ->", seen);
    }

    [NamespaceFact("tcpdump")]
    public void EthernetAndArpFramesOnAnInterface()
    {
        Assert.True(topology.Ready);
        string seen = Capture(PingTopology.Router, "ssp-rh1", "arp and ether broadcast", 3,
            () => Send("ether(dst=ff:ff:ff:ff:ff:ff) / arp(op=request, pdst=10.92.1.1)", "-c 3 --interval 0.05 -i ssp-h1r"), "-n -e -vv");
        Assert.Equal(3, seen.Split("> ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Ethernet (len 6), IPv4 (len 4), Request who-has 10.92.1.1 tell 10.92.1.2, length 28").Length - 1);
    }

    [Fact]
    public void ExpressionErrorsAreUsageErrorsWithTheColumn()
    {
        var stderr = new StringWriter();
        TextWriter saved = Console.Error;
        Console.SetError(stderr);
        try
        {
            Assert.Equal(2, CommandRunner.Run([new Commands.SendCommand()], ["send", "ipv4(dst=10.0.0.2) / udp(sprot=1)"]));
            Assert.Equal(2, CommandRunner.Run([new Commands.SendCommand()], ["send", "ether() / arp(pdst=10.0.0.1)"]));
            Assert.Equal(2, CommandRunner.Run([new Commands.SendCommand()], ["send", "udp(dport=1)"]));
            // No UDP probe may connect to 255.255.255.255: the missing -i must be reported before any route lookup.
            Assert.Equal(2, CommandRunner.Run([new Commands.SendCommand()], ["send", "ether() / ipv4(dst=255.255.255.255) / udp()"]));
        }
        finally
        {
            Console.SetError(saved);
        }
        string text = stderr.ToString();
        Assert.Contains("  ipv4(dst=10.0.0.2) / udp(sprot=1)\n" + new string(' ', 2 + 25) + "^\n", text);
        Assert.Contains("sockscope send: udp: unknown field 'sprot' at column 26", text);
        Assert.Contains("needs the interface", text);
        Assert.Contains("outermost layer must be", text);
        Assert.DoesNotContain("no route", text);
    }
}
