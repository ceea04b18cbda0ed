// Task 3: build a packet and send it.
// usage: SendPacket [PORT]      (needs CAP_NET_RAW; sends one UDP datagram to 127.0.0.1:PORT, default 9)
using SockScope.Net.Injection;
using SockScope.Wire.Addresses;
using SockScope.Wire.Building;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

ushort port = args.Length > 0 ? ushort.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : (ushort)9;
Ipv4Address source = Ipv4Address.Loopback, destination = Ipv4Address.Loopback;

// Inside out into our own buffer: payload first, then each header; lengths and checksums are filled in.
var builder = new PacketBuilder(stackalloc byte[1500], "hello from SockScope\n"u8);
builder.PrependUdp(new UdpHeader(40000, port), source, destination);
builder.PrependIpv4(new Ipv4Header(source, destination, IpProtocol.Udp) { Ttl = 64 });

using var sender = new RawIpv4Sender();           // a raw IPv4 socket that sends our header as it is
int sent = sender.Send(builder.Written);
Console.WriteLine($"sent {sent} bytes: IPv4 + UDP {source} -> {destination}:{port}");
return 0;
