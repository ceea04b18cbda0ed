// Task 6: print the DNS message a UDP datagram carries, as tcpdump does.
// usage: PrintDns [PORT]      (waits for one datagram on 127.0.0.1:PORT, 10053 by default)
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SockScope.Wire.Formatting;

int port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10053;
using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
byte[] datagram = new byte[65535];
EndPoint from = new IPEndPoint(IPAddress.Any, 0);
int length = socket.ReceiveFrom(datagram, ref from);

using var text = new Utf8Builder();
// Verbosity = 1 prints what -v adds (record names, SOA data), 2 the other sections (-vv), 3 TTLs.
// Multicast = true reads the class field as mDNS does; OverTcp = true for a TCP stream's message
// with its two-byte length prefix.
DnsPrinter.Print(datagram.AsSpan(0, length), text, new DnsPrintContext { Verbosity = 0 });
Console.WriteLine($"{from} > {socket.LocalEndPoint}: {text}");
return 0;
