using SockScope.Analysis;
using SockScope.Wire;

namespace SockScope.Benchmarks;

/// <summary>
/// One established TCP connection (10.0.0.1:40000 to 10.0.0.2:<c>serverPort</c>) fed to a
/// <see cref="TrafficAnalyzer"/>: the handshake at construction, then full-size data segments each
/// answered by a bare ACK, written in place into two reused frames (no allocation per packet).
/// </summary>
internal sealed class BulkTransfer
{
    private const uint Client = 0x0A000001, Server = 0x0A000002;
    private const ushort ClientPort = 40000;
    private const int Segment = 1460;

    private readonly TrafficAnalyzer _analyzer;
    private readonly ushort _serverPort;
    private readonly byte[] _data = new byte[54 + Segment];
    private readonly byte[] _ack = new byte[54];
    private uint _seq = 1001;
    private long _time = 1_700_000_000_000_000_000;

    public BulkTransfer(TrafficAnalyzer analyzer, ushort serverPort)
    {
        _analyzer = analyzer;
        _serverPort = serverPort;
        TcpFrames.Write(_ack, Client, Server, ClientPort, serverPort, 1000, 0, 0x02, 0);
        _analyzer.Process(_ack, LinkType.Ethernet, _time, _ack.Length);
        TcpFrames.Write(_ack, Server, Client, serverPort, ClientPort, 5000, 1001, 0x12, 0);
        _analyzer.Process(_ack, LinkType.Ethernet, _time, _ack.Length);
    }

    /// <summary>Sends <paramref name="packets"/> packets (half data, half ACKs); returns the analyzer's flow-packet count.</summary>
    public long Run(int packets)
    {
        for (int i = 0; i < packets; i += 2)
        {
            TcpFrames.Write(_data, Client, Server, ClientPort, _serverPort, _seq, 5001, 0x18, Segment);
            _analyzer.Process(_data, LinkType.Ethernet, _time += 1000, _data.Length);
            _seq += Segment;
            TcpFrames.Write(_ack, Server, Client, _serverPort, ClientPort, 5001, _seq, 0x10, 0);
            _analyzer.Process(_ack, LinkType.Ethernet, _time += 1000, _ack.Length);
        }
        return _analyzer.Statistics.FlowPackets;
    }
}
