// Task 1: open a live capture with a filter string and iterate packets.
// usage: LiveCapture [INTERFACE] [EXPRESSION] [COUNT]      (needs CAP_NET_RAW; defaults: lo icmp 4)
using SockScope.Net.Capture;
using SockScope.Wire;
using SockScope.Wire.Decoding;

string iface = args.Length > 0 ? args[0] : "lo";
string expression = args.Length > 1 ? args[1] : "icmp";
int count = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 4;

// The expression is compiled for the interface's link type and runs in the kernel (or, where the
// kernel cannot run it, in the capture itself): only matching packets arrive.
using ILiveCapture capture = LiveCapture.Open(new CaptureOptions { Interface = iface }, expression);
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
Console.WriteLine($"capturing on {capture.InterfaceName} ({capture.LinkType}): {expression}");

int seen = 0;
try
{
    await foreach (CapturedPacket packet in capture.ReadPacketsAsync(stop.Token))
    {
        PacketDecoder.Decode(packet.LinkType, packet.Data.Span, out DecodedPacket decoded);
        string layers = string.Join(" / ", Enumerable.Range(0, decoded.Count).Select(i => decoded[i].Kind));
        Console.WriteLine($"{packet.Timestamp:HH:mm:ss.ffffff} {packet.OriginalLength,5} bytes  {layers}");
        if (++seen == count) break;
    }
}
catch (OperationCanceledException)
{
    Console.WriteLine("no more packets within 10 s");
}
return seen == count ? 0 : 1;
