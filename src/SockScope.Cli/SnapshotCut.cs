using System.Runtime.CompilerServices;
using SockScope.Files;

namespace SockScope.Cli;

/// <summary>
/// How read, flows and the flow export see a file's packets: libpcap hands tcpdump at most the
/// snapshot length of a classic pcap record (the reader keeps the bytes as the file has them);
/// pcapng records are not cut.
/// </summary>
/// <remarks>
/// The cut stays in the tool rather than in the library's <see cref="Wire.Formatting.TcpdumpLineWriter"/>:
/// whether a record is cut depends on the file's format (SockScope.Files), which SockScope.Wire must
/// not reference, and the cut applies before the filter, flows, statistics and -w, not only to the
/// printed line. A library user hands the line writer the bytes libpcap would hand tcpdump.
/// </remarks>
internal static class SnapshotCut
{
    /// <summary>The most bytes of a record of <paramref name="reader"/> to hand on: its snapshot length for pcap, no limit for pcapng.</summary>
    public static int For(CaptureFileReader reader) =>
        reader.Format is CaptureFileFormat.Pcap or CaptureFileFormat.PcapNanoseconds ? reader.SnapLength : int.MaxValue;

    /// <summary>The first <paramref name="cut"/> bytes of <paramref name="data"/> (all of it when shorter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> data, int cut) => data.Length > cut ? data[..cut] : data;
}
