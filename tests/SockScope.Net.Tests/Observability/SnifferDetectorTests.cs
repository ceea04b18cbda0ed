using System.Diagnostics;
using System.Net.Sockets;
using SockScope.Net.Netlink;
using SockScope.Net.Observability;
using SockScope.TestSupport;

namespace SockScope.Net.Tests.Observability;

/// <summary>With tcpdump running and this process holding an AF_PACKET and a raw ICMP socket, --sniffers names both.</summary>
public class SnifferDetectorTests
{
    [RootFact("tcpdump")]
    public void NamesTcpdumpAndAProcessHoldingPacketAndRawIcmpSockets()
    {
        string tcpdump = Tools.Find("tcpdump")!;
        using var packet = new Socket(AddressFamily.Packet, SocketType.Raw, (ProtocolType)0x0300);   // htons(ETH_P_ALL)
        using var icmp = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp);
        var start = new ProcessStartInfo(tcpdump) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-i", "lo", "-nn", "-c", "1000000", "icmp" }) start.ArgumentList.Add(a);
        using Process dump = Process.Start(start)!;
        try
        {
            // tcpdump opens its socket, then compiles and attaches the filter: wait for both.
            SnifferReport report = WaitFor(() => SnifferDetector.Find(), r => r.Sniffers.Any(s => s.Owner?.Pid == dump.Id && s.Filter.Count > 0));
            int self = Environment.ProcessId;
            Sniffer tcpdumpSocket = Assert.Single(report.Sniffers, s => s.Owner?.Pid == dump.Id && s.Socket is PacketSocketInfo);
            Assert.Equal("tcpdump", tcpdumpSocket.Owner!.Value.Command);
            Assert.Equal("lo", tcpdumpSocket.Interface);
            Assert.NotEmpty(tcpdumpSocket.Filter);                                  // the compiled "icmp"
            Assert.Equal(0x6, tcpdumpSocket.Filter[^1].Code);                      // ends in a return
            Assert.Contains(report.Sniffers, s => s.Owner?.Pid == self && s.Socket is PacketSocketInfo { EtherType: 3 } && s.Interface == "any");
            Assert.Contains(report.Sniffers, s => s.Owner?.Pid == self && s.Socket is InetSocketInfo { Kind: SocketKind.Raw, Protocol: 1 });
        }
        finally
        {
            dump.Kill();
            dump.WaitForExit(5000);
        }
    }

    [NamespaceFact]
    public void ListsInterfacesInPromiscuousMode()
    {
        using var ns = new TestNamespace("sso-p");
        ns.Ip("link", "add", "sso-p0", "type", "veth", "peer", "name", "sso-p1");
        ns.Ip("link", "set", "sso-p0", "promisc", "on");
        SnifferReport report = SnifferDetector.Find(ns.Name);
        LinkInfo promiscuous = Assert.Single(report.PromiscuousInterfaces);
        Assert.Equal("sso-p0", promiscuous.Name);
        Assert.True(promiscuous.Promiscuity >= 1);
        Assert.Empty(report.Sniffers);
    }

    // tcpdump needs a moment to open its socket; look again, boundedly, until it shows.
    private static SnifferReport WaitFor(Func<SnifferReport> find, Func<SnifferReport, bool> ready)
    {
        var clock = Stopwatch.StartNew();
        SnifferReport report = find();
        while (!ready(report) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(100);
            report = find();
        }
        return report;
    }
}
