using System.Text;
using SockScope.Analysis.Statistics;
using SockScope.Wire.Addresses;

namespace SockScope.Analysis.Tests.Statistics;

public class TsharkFollowTcpTests
{
    private static readonly AddressPair ClientToServer = new(StatAddress.From(Ipv4Address.Parse("10.0.0.1")), StatAddress.From(Ipv4Address.Parse("10.0.0.2")), 40000, 80);
    private static readonly AddressPair ServerToClient = new(ClientToServer.Destination, ClientToServer.Source, 80, 40000);

    private static void Data(TsharkFollowTcp f, AddressPair pair, uint seq, string text, uint ack = 0) =>
        f.Segment(pair, false, true, seq, ack, (uint)text.Length, Encoding.ASCII.GetBytes(text), 1);

    private static string[] Chunks(TsharkFollowTcp f) => f.Chunks.Select(c => (c.FromServer ? "S:" : "C:") + Encoding.ASCII.GetString(c.Data)).ToArray();

    [Fact]
    public void InOrderSegmentsAreChunksAndRetransmissionsAreDropped()
    {
        var f = new TsharkFollowTcp();
        f.Segment(ClientToServer, true, false, 999, 0, 0, default, 1);     // SYN: data starts at 1000
        Data(f, ClientToServer, 1000, "GET ");
        Data(f, ClientToServer, 1000, "GET ");                            // retransmission
        Data(f, ClientToServer, 1002, "T /x");                            // overlap: only "/x" is new
        Data(f, ServerToClient, 5000, "200");
        Assert.Equal(["C:GET ", "C:/x", "S:200"], Chunks(f));
        Assert.Equal(ClientToServer.Source, f.Client);
    }

    [Fact]
    public void OutOfOrderDataWaitsForTheGap()
    {
        var f = new TsharkFollowTcp();
        Data(f, ClientToServer, 100, "aa");
        Data(f, ClientToServer, 104, "cc");                               // early
        Assert.Equal(["C:aa"], Chunks(f));
        Data(f, ClientToServer, 102, "bb");                               // fills the gap
        Assert.Equal(["C:aa", "C:bb", "C:cc"], Chunks(f));
    }

    [Fact]
    public void AnAcknowledgedGapBecomesTsharksMissingBytesChunk()
    {
        var f = new TsharkFollowTcp();
        Data(f, ClientToServer, 100, "aa");
        Data(f, ClientToServer, 110, "zz");                               // 8 bytes never captured before it
        Data(f, ServerToClient, 7000, "ok", ack: 112);                    // the server saw them all
        string[] chunks = Chunks(f);
        Assert.Equal("C:[8 bytes missing in capture file]\0", chunks[1]);
        Assert.Equal("C:zz", chunks[2]);
    }
}
