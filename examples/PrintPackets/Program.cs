// Task 5: print a capture file's packets as tcpdump does.
// usage: PrintPackets FILE      (pcap or pcapng; prints what `tcpdump -nn -tt -r FILE` prints)
using SockScope.Files;
using SockScope.Wire.Formatting;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: PrintPackets FILE");
    return 2;
}

using CaptureFileReader reader = CaptureFileReader.Open(args[0]);
using Stream stdout = Console.OpenStandardOutput();
using var text = new Utf8Builder();
// One writer for the whole file: it keeps what tcpdump keeps across packets (-ttt deltas, relative TCP sequence numbers).
var lines = new TcpdumpLineWriter(text, new TcpdumpLineOptions
{
    Format = new FormatOptions { NumericPorts = true },   // -nn; Verbosity = 1 for -v, LinkHeader = true for -e
    Timestamps = TimestampStyle.Epoch,                    // -tt
    Dump = DumpStyle.None,                                // DumpStyle.HexAndAscii for -X
});
// libpcap hands tcpdump at most the snapshot length of a pcap record; pcapng records are not cut.
int snapLength = reader.Format == CaptureFileFormat.PcapNg ? int.MaxValue : reader.SnapLength;
while (reader.TryRead(out CaptureRecord record))
{
    ReadOnlySpan<byte> data = record.Data.Length > snapLength ? record.Data[..snapLength] : record.Data;
    lines.Write(record.LinkType, data, record.OriginalLength, record.TimestampNanoseconds, reader.RecordCount);
    if (text.Length >= 64 * 1024) text.WriteTo(stdout);   // large writes, no allocation per packet
}
text.WriteTo(stdout);
return 0;
