using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using SockScope.Files;
using SockScope.Net.Capture;
using SockScope.Net.Interop;
using SockScope.Wire;

namespace SockScope.Benchmarks;

/// <summary>
/// The user-space share of live capture, without a socket: one 128 KiB block laid out as the
/// kernel lays out a TPACKET_V3 block (~890 frames of a 60-byte UDP packet), read frame by frame
/// (Read), and read and written as pcap to a null stream (ReadAndWrite). Per-frame cost is the
/// time divided by FramesPerBlock; allocation must be 0 bytes.
/// </summary>
[MemoryDiagnoser]
public unsafe class CaptureRingBenchmarks
{
    private const int BlockSize = 128 * 1024;
    private byte* _memory;
    private PacketRing _ring = null!;
    private CaptureFileWriter _writer = null!;

    public int FramesPerBlock { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _memory = (byte*)NativeMemory.AlignedAlloc(BlockSize * 2, 4096);
        NativeMemory.Clear(_memory, BlockSize * 2);
        var shaping = new FrameShaping(false, true, CaptureDirection.InOut, 262144, LoopbackOutgoing.Keep);
        FramesPerBlock = FillBlock(_memory, shaping.Reserve);
        _ring = new PacketRing(_memory, BlockSize, 2, shaping, socket: null, ownsMapping: false);
        _writer = CaptureFileWriter.Create(Stream.Null, CaptureFileFormat.Pcap, LinkType.Ethernet);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        _ring.Dispose();
        NativeMemory.AlignedFree(_memory);
    }

    /// <summary>Frames of a 60-byte Ethernet/IPv4/UDP packet, as the kernel packs them into a block.</summary>
    private static int FillBlock(byte* block, int reserve)
    {
        int at = 48, count = 0, mac = PacketSocketOptions.Align(68 + reserve), frameLength = 60;
        int step = PacketSocketOptions.Align(mac + frameLength);
        while (at + step <= BlockSize)
        {
            byte* h = block + at;
            *(uint*)(h + FrameHeaderOffsets.NextOffset) = (uint)step;
            *(uint*)(h + FrameHeaderOffsets.Seconds) = 1_700_000_000;
            *(uint*)(h + FrameHeaderOffsets.Nanoseconds) = (uint)count;
            *(uint*)(h + FrameHeaderOffsets.SnapLength) = (uint)frameLength;
            *(uint*)(h + FrameHeaderOffsets.Length) = (uint)frameLength;
            *(uint*)(h + FrameHeaderOffsets.Status) = PacketSocketOptions.TP_STATUS_USER;
            *(ushort*)(h + FrameHeaderOffsets.Mac) = (ushort)mac;
            h[FrameHeaderOffsets.LinkAddress + SockAddrLlOffsets.PacketType] = 0;
            h[mac + 12] = 0x08;
            at += step;
            count++;
        }
        *(uint*)(block + BlockDescriptorOffsets.PacketCount) = (uint)count;
        *(uint*)(block + BlockDescriptorOffsets.OffsetToFirstPacket) = 48;
        return count;
    }

    private void HandOver()
    {
        // What the kernel does: mark both blocks as the user's again (block 1 is empty).
        *(uint*)(_memory + BlockDescriptorOffsets.BlockStatus) = PacketSocketOptions.TP_STATUS_USER;
        *(uint*)(_memory + BlockSize + BlockDescriptorOffsets.BlockStatus) = PacketSocketOptions.TP_STATUS_USER;
    }

    [Benchmark]
    public long Read()
    {
        long bytes = 0;
        for (int i = 0; i < 2; i++)
        {
            HandOver();
            _ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock block);
            using (block)
                foreach (CapturedFrame f in block) bytes += f.Data.Length;
        }
        return bytes;
    }

    [Benchmark]
    public long ReadAndWrite()
    {
        long n = 0;
        for (int i = 0; i < 2; i++)
        {
            HandOver();
            _ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock block);
            using (block)
                foreach (CapturedFrame f in block)
                {
                    _writer.Write(f.Data, f.TimestampNanoseconds, f.OriginalLength);
                    n++;
                }
        }
        return n;
    }
}
