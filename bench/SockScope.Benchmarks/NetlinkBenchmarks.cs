using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using SockScope.Net.Netlink;

namespace SockScope.Benchmarks;

/// <summary>Netlink parsing: walking attributes (no allocation) and turning inet_diag replies into records.</summary>
[MemoryDiagnoser]
public class NetlinkBenchmarks
{
    private byte[] _attributes = [];
    private byte[][] _messages = [];

    [GlobalSetup]
    public void Setup()
    {
        var attributes = new List<byte>();
        for (int i = 0; i < 1000; i++)
        {
            attributes.AddRange(BitConverter.GetBytes((ushort)8));
            attributes.AddRange(BitConverter.GetBytes((ushort)(i % 20)));
            attributes.AddRange(BitConverter.GetBytes(i));
        }
        _attributes = attributes.ToArray();
        _messages = new byte[1000][];
        for (int i = 0; i < _messages.Length; i++)
        {
            byte[] m = new byte[72];
            m[0] = 2;
            m[1] = 7;
            BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(4), (ushort)(20000 + i));
            new byte[] { 127, 0, 0, 1 }.CopyTo(m, 8);
            BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(68), (uint)(100000 + i));
            _messages[i] = m;
        }
    }

    [Benchmark(Description = "walk 1000 attributes")]
    public uint WalkAttributes()
    {
        uint sum = 0;
        var reader = new NetlinkAttributeReader(_attributes);
        while (reader.TryNext(out ushort type, out ReadOnlySpan<byte> payload))
            sum += type + NetlinkAttributeReader.ReadUInt32(payload);
        return sum;
    }

    [Benchmark(Description = "parse 1000 inet_diag_msg")]
    public int ParseInetMessages()
    {
        var cache = new SockDiag.AddressCache();
        int ports = 0;
        foreach (byte[] m in _messages)
            ports += SockDiag.ParseInet(m, SocketKind.Udp, cache)!.LocalPort;
        return ports;
    }
}
