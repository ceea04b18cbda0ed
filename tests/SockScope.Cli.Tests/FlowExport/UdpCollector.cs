using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SockScope.Files;
using SockScope.Wire;

namespace SockScope.Cli.Tests.FlowExport;

/// <summary>A loopback UDP socket that keeps every datagram it receives (a collector for tests), and can save them as a pcap.</summary>
internal sealed class UdpCollector : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _thread;
    private volatile bool _stop;

    public UdpCollector()
    {
        _socket.ReceiveBufferSize = 8 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 100;
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _thread = new Thread(Receive) { IsBackground = true };
        _thread.Start();
    }

    public int Port { get; }
    public List<byte[]> Datagrams { get; } = [];

    private void Receive()
    {
        var buffer = new byte[65536];
        while (!_stop)
        {
            try
            {
                int n = _socket.Receive(buffer);
                lock (Datagrams) Datagrams.Add(buffer[..n]);
            }
            catch (SocketException) { }
        }
    }

    /// <summary>Waits until no datagram arrived for 300 ms, then stops receiving.</summary>
    public List<byte[]> Finish()
    {
        int last = -1;
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            Thread.Sleep(300);
            int count;
            lock (Datagrams) count = Datagrams.Count;
            if (count == last) break;
            last = count;
        }
        _stop = true;
        _thread.Join();
        lock (Datagrams) return [.. Datagrams];
    }

    /// <summary>Writes datagrams as IPv4/UDP packets 127.0.0.1 -> 127.0.0.1:port (link type RAW), for tshark.</summary>
    public static void SavePcap(string path, IEnumerable<byte[]> datagrams, int port)
    {
        using CaptureFileWriter writer = CaptureFileWriter.Create(path, CaptureFileFormat.Pcap, LinkType.Raw, 65535);
        long ts = 1_700_000_000L * 1_000_000_000;
        foreach (byte[] payload in datagrams)
        {
            var packet = new byte[28 + payload.Length];
            packet[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
            packet[8] = 64;
            packet[9] = 17;
            packet[12] = 127; packet[15] = 1;
            packet[16] = 127; packet[19] = 1;
            ushort sum = 0;
            uint acc = 0;
            for (int i = 0; i < 20; i += 2) acc += BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(i));
            while (acc > 0xFFFF) acc = (acc & 0xFFFF) + (acc >> 16);
            sum = (ushort)~acc;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), sum);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 40000);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), (ushort)port);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(8 + payload.Length));
            payload.CopyTo(packet, 28);
            writer.Write(packet, ts, packet.Length);
            ts += 1_000_000;
        }
    }

    public void Dispose()
    {
        _stop = true;
        if (_thread.IsAlive) _thread.Join(2000);
        _socket.Dispose();
    }
}
