using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using SockScope.Net;
using SockScope.Net.Injection;
using SockScope.Net.Probing;
using SockScope.Wire.Addresses;
using SockScope.Wire.Building;

namespace SockScope.Cli.Commands;

/// <summary>`sockscope send`: builds a packet from a scapy-style layer expression and sends it.</summary>
internal sealed class SendCommand : ICommand
{
    public string Name => "send";
    public string Summary => "craft and send packets from a layer expression";
    public string Help => """
        usage: sockscope send "LAYERS" [-c COUNT] [-i IFACE] [--interval SECONDS] [-x] [-q]

        Builds a packet from LAYERS, outermost first, separated by '/', fields as name=value, and
        sends it. Lengths, protocol numbers and checksums not given are filled in; values given are
        sent as they are, also wrong ones.
          ipv4(dst=10.0.0.2, ttl=7, id=4242) / udp(sport=4000, dport=5000) / 'hello'
          ipv4(dst=10.0.0.2, proto=253) / raw(0102)
          ether(dst=ff:ff:ff:ff:ff:ff) / arp(op=request, psrc=10.0.0.1, pdst=10.0.0.2)    (needs -i)
          ipv6(dst=fd00::2, hlim=5) / icmpv6(type=echo-request, id=1, seq=1)
          ipv4(dst=10.0.0.2) / tcp(dport=80, flags=SA, options=[mss=1300, sack-perm, ts=1:0, ws=7])

        layers and fields:
          ether    dst src type
          arp      op(request|reply|N) hwsrc psrc hwdst pdst
          ipv4/ip  src dst ttl tos id flags(DF+MF+evil) frag proto len ihl chksum version options=[nop, eol, ra, rr=N, raw=HEX]
          ipv6     src dst hlim tc fl nh plen version
          hbh      ra=N | data=HEX      dstopts data=HEX     routing type segleft data=HEX     frag offset m id
          tcp      sport dport seq ack flags(FSRPAUEC) window urgptr reserved dataofs chksum options=[mss=N, sack-perm, ts=V:E, ws=N, nop, eol, kind-N=HEX]
          udp      sport dport len chksum
          icmp     type(echo-request|echo-reply|dest-unreach|time-exceeded|...|N) code id seq rest chksum
          icmpv6   type(echo-request|echo-reply|neighbor-solicitation|...|N) code id seq rest chksum
          raw      HEX | data=HEX | text='...' | len=N (zeros);   'text' alone is a payload too
        Numbers are decimal or 0x hex. Sources left out are those of the route (or of -i).

        How it is sent: an ether() frame on a packet socket on -i; an ipv4() packet on a raw socket
        with IP_HDRINCL (the kernel still writes the total length and header checksum, and fills a
        zero id or source: to send those wrong, build an ether() frame); an ipv6() packet on a raw
        socket with the kernel building the header from socket options (RFC 3542), or with the
        header included when options cannot express it (fragment header, flow label, wrong lengths).

          -c COUNT            send COUNT copies (default 1)
          -i IFACE            interface: required for ether(); binds ipv4/ipv6 sends to it
          --interval SECONDS  pause between copies (default 0)
          -x                  print the packet in hex before sending
          -q                  print nothing on success

        """;

    public int Run(string[] args)
    {
        var reader = new ArgReader(args);
        int count = 1;
        string? device = null;
        double interval = 0;
        bool hex = false, quiet = false;
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "c": count = reader.IntValue(1, 1_000_000); break;
                case "i": device = reader.Value(); break;
                case "interval": interval = reader.DoubleValue(0, 3600); break;
                case "x": hex = true; break;
                case "q": quiet = true; break;
                default: throw reader.Unknown();
            }
        }
        if (reader.Positionals.Count == 0) throw new UsageException("give a layer expression, e.g. \"ipv4(dst=10.0.0.2) / udp(dport=9) / 'hi'\"");
        string text = string.Join(' ', reader.Positionals);
        LayerExpression expression = ParseOrExplain(text);
        CheckOutermost(expression, device);

        NetworkInterface? nic = device is null ? null : FindInterface(device);
        LayerDefaults defaults = Defaults(expression, nic, device);
        byte[] buffer = new byte[Math.Max(expression.MaximumLength, 64)];
        byte[] packet = expression.Build(buffer, defaults).ToArray();
        if (hex)
        {
            using var dump = new Wire.Formatting.Utf8Builder(4096);
            Wire.Formatting.HexDump.WriteHexAndAscii(dump, packet);
            dump.Append((byte)'\n');
            using Stream stdout = Console.OpenStandardOutput();
            stdout.Write(dump.WrittenSpan);
        }

        try
        {
            using IDisposable sender = Open(expression, device, out Func<byte[], int> send);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                if (i > 0 && interval > 0) Thread.Sleep(TimeSpan.FromSeconds(interval));
                send(packet);
            }
            if (!quiet)
                Console.Out.WriteLine($"sent {count} packet{(count == 1 ? "" : "s")} of {packet.Length} bytes in {clock.Elapsed.TotalSeconds:0.000} s");
        }
        catch (NetOperationException e)
        {
            throw new CommandException(e.Message);
        }
        return CommandRunner.Success;
    }

    /// <summary>Parses, and on error shows the expression with a caret under the column before the one-line message.</summary>
    internal static LayerExpression ParseOrExplain(string text)
    {
        try
        {
            return LayerExpression.Parse(text);
        }
        catch (LayerExpressionException e)
        {
            Console.Error.WriteLine("  " + e.Caret.Replace("\n", "\n  ", StringComparison.Ordinal));
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// The outermost layer decides how the packet is sent. Checked before the sources are looked
    /// up, so that a missing -i is reported as such and not as a failed route lookup.
    /// </summary>
    private static void CheckOutermost(LayerExpression expression, string? device)
    {
        switch (expression.Outermost)
        {
            case ExpressionLayerKind.Ethernet when device is null:
                throw new UsageException("an ether() frame needs the interface to send it on: -i IFACE");
            case ExpressionLayerKind.Ethernet or ExpressionLayerKind.Ipv4 or ExpressionLayerKind.Ipv6:
                return;
            case ExpressionLayerKind.Arp:
                throw new UsageException("an arp() layer goes inside an ether() layer: ether(dst=ff:ff:ff:ff:ff:ff) / arp(...), with -i");
            default:
                throw new UsageException("the outermost layer must be ether(), ipv4() or ipv6()");
        }
    }

    private static IDisposable Open(LayerExpression expression, string? device, out Func<byte[], int> send)
    {
        switch (expression.Outermost)
        {
            case ExpressionLayerKind.Ethernet:
                var frames = new PacketSocketSender(device!);
                send = p => frames.Send(p);
                return frames;
            case ExpressionLayerKind.Ipv4:
                var v4 = new RawIpv4Sender(device);
                send = p => v4.Send(p);
                return v4;
            default:
                var v6 = new RawIpv6Sender(device);
                send = p => v6.Send(p);
                return v6;
        }
    }

    private static NetworkInterface FindInterface(string device) =>
        NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == device)
        ?? throw new CommandException($"no interface named '{device}' (see `sockscope interfaces`)");

    /// <summary>Fills what the expression left out from the route towards its destination, or from the interface.</summary>
    private static LayerDefaults Defaults(LayerExpression expression, NetworkInterface? nic, string? device)
    {
        Ipv4Address? source4 = null;
        Ipv6Address? source6 = null;
        MacAddress? mac = null;
        if (expression.NeedsSourceMac && nic is not null)
        {
            byte[] bytes = nic.GetPhysicalAddress().GetAddressBytes();
            if (bytes.Length == MacAddress.Size) mac = MacAddress.Read(bytes);
        }
        if (expression.NeedsIpv4Source)
        {
            if (expression.Ipv4 is { } ip && expression.Outermost != ExpressionLayerKind.Ethernet)
                source4 = Ipv4Address.FromIPAddress(SourceAddress.Towards(ip.Destination.ToIPAddress(), device));
            else if (nic?.GetIPProperties().UnicastAddresses.FirstOrDefault(a => a.Address.AddressFamily == AddressFamily.InterNetwork) is { } a4)
                source4 = Ipv4Address.FromIPAddress(a4.Address);
            else if (expression.Ipv4 is { } routed)
                source4 = Ipv4Address.FromIPAddress(SourceAddress.Towards(routed.Destination.ToIPAddress(), device));
        }
        if (expression.NeedsIpv6Source && expression.Ipv6 is { } ip6)
        {
            IPAddress? fromNic = expression.Outermost == ExpressionLayerKind.Ethernet
                ? nic?.GetIPProperties().UnicastAddresses.Select(u => u.Address)
                    .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal)
                : null;
            source6 = Ipv6Address.FromIPAddress(fromNic ?? SourceAddress.Towards(ip6.Destination.ToIPAddress(), device));
        }
        return new LayerDefaults { Ipv4Source = source4, Ipv6Source = source6, SourceMac = mac };
    }
}
