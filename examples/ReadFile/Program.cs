// Task 2: read a capture file and decode TCP ports.
// usage: ReadFile FILE      (pcap or pcapng)
using SockScope.Files;
using SockScope.Wire.Decoding;
using SockScope.Wire.Transport;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ReadFile FILE");
    return 2;
}

using CaptureFileReader reader = CaptureFileReader.Open(args[0]);
// One DecodedPacket reused for every record: the loop allocates nothing per packet.
var decoded = new DecodedPacket();
long tcp = 0;
while (reader.TryRead(out CaptureRecord record))   // the record's bytes are valid until the next read
{
    PacketDecoder.DecodeInto(record.LinkType, record.Data, ref decoded);
    if (!decoded.TryFind(LayerKind.Tcp, out Layer layer)) continue;
    if (!TcpSegment.TryCreate(layer.From(record.Data), out TcpSegment segment, out _)) continue;
    tcp++;
    Console.WriteLine($"#{reader.RecordCount}: {segment.SourcePort} -> {segment.DestinationPort} [{segment.Flags}]");
}
Console.WriteLine($"{tcp} TCP segments in {reader.RecordCount} packets");
return 0;
