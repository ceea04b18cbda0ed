using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SockScope.Analysis;
using SockScope.Analysis.Reassembly;
using SockScope.Wire.Transport;

namespace SockScope.Analysis.Tests.Reassembly;

public sealed class TcpStreamReassemblerTests
{
    private const FlowDirection O = FlowDirection.Originator;
    private const FlowDirection R = FlowDirection.Responder;
    private const TcpFlags Ack = TcpFlags.Ack;
    private const TcpFlags PshAck = TcpFlags.Psh | TcpFlags.Ack;

    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static (TcpStreamReassembler, RecordingStreamHandler) Handshake(uint isnO, uint isnR, TcpReassemblyOptions? options = null, ReassemblyBudget? budget = null)
    {
        var r = new TcpStreamReassembler(options, budget);
        var h = new RecordingStreamHandler();
        r.Process(O, isnO, 0, TcpFlags.Syn, default, h);
        r.Process(R, isnR, isnO + 1, TcpFlags.Syn | Ack, default, h);
        r.Process(O, isnO + 1, isnR + 1, Ack, default, h);
        return (r, h);
    }

    [Fact]
    public void InOrderDataInBothDirectionsIsDeliveredWithOffsetsFromTheSyn()
    {
        var (r, h) = Handshake(1000, 5000);
        r.Process(O, 1001, 5001, PshAck, B("GET / HTTP/1.0\r\n\r\n"), h);
        r.Process(R, 5001, 1019, PshAck, B("HTTP/1.0 200 OK\r\n"), h);
        r.Process(R, 5018, 1019, PshAck, B("body"), h);
        Assert.Equal("GET / HTTP/1.0\r\n\r\n", h.Text(O));
        Assert.Equal("HTTP/1.0 200 OK\r\nbody", h.Text(R));
        Assert.Equal(new (FlowDirection, long, int)[] { (O, 0, 18), (R, 0, 17), (R, 17, 4) }, h.Chunks);
        Assert.True(r.Originator.SawSyn);
        Assert.Equal(1000u, r.Originator.InitialSequence);
        Assert.Equal(0, r.Originator.MissedBytes + r.Responder.MissedBytes);
    }

    [Fact]
    public void InOrderDataIsHandedOnWithoutCopying()
    {
        var (r, _) = Handshake(1, 2);
        byte[] packet = new byte[100];
        var check = new SameMemoryHandler(packet, 40);
        r.Process(O, 2, 3, PshAck, packet.AsSpan(40, 60), check);
        Assert.True(check.Called);
        Assert.True(check.Same);
    }

    [Fact]
    public void RetransmissionsAreDroppedAndCounted()
    {
        var (r, h) = Handshake(100, 900);
        r.Process(O, 101, 901, PshAck, B("hello"), h);
        r.Process(O, 101, 901, PshAck, B("hello"), h);
        r.Process(O, 103, 901, PshAck, B("llo world"), h); // partial overlap with delivered bytes
        Assert.Equal("hello world", h.Text(O));
        Assert.Equal(5 + 3, r.Originator.DuplicateBytes);
    }

    [Fact]
    public void OutOfOrderSegmentsWaitForTheGapToClose()
    {
        var (r, h) = Handshake(100, 900, new TcpReassemblyOptions { SkipAcknowledgedHoles = false });
        r.Process(O, 111, 901, PshAck, B("CCCCC"), h);
        r.Process(O, 106, 901, PshAck, B("BBBBB"), h);
        Assert.Equal("", h.Text(O));
        Assert.Equal(2, r.Originator.BufferedSegments);
        Assert.Equal(10, r.Originator.BufferedBytes);
        r.Process(O, 101, 901, PshAck, B("AAAAA"), h);
        Assert.Equal("AAAAABBBBBCCCCC", h.Text(O));
        Assert.Equal(0, r.Originator.BufferedBytes);
        Assert.Equal(2, r.Originator.OutOfOrderSegments);
    }

    [Fact]
    public void OverlapsKeepTheFirstCopy()
    {
        var (r, h) = Handshake(100, 900, new TcpReassemblyOptions { SkipAcknowledgedHoles = false });
        r.Process(O, 106, 901, PshAck, B("XXXXX"), h);           // held: bytes 5..9
        r.Process(O, 104, 901, PshAck, B("yyyyyyyyyy"), h);      // held part 3..4 and 10..12 only
        r.Process(O, 101, 901, PshAck, B("zzzzzzzzzzzzzzzz"), h); // in order: 0..2 then held pieces win, 13..15 new
        Assert.Equal("zzzyyXXXXXyyyzzz", h.Text(O));
        Assert.Equal(5 + 10, r.Originator.DuplicateBytes);
    }

    [Fact]
    public void AHoleThatNeverFillsIsReportedAsMissedBytesAtTheEnd()
    {
        var (r, h) = Handshake(100, 900, new TcpReassemblyOptions { SkipAcknowledgedHoles = false });
        r.Process(O, 101, 901, PshAck, B("abc"), h);
        r.Process(O, 110, 901, PshAck, B("xyz"), h);
        r.Flush(h);
        Assert.Equal("abcxyz", h.Text(O));
        Assert.Equal([(O, 3L, 6L)], h.Gaps);
        Assert.Equal(6, r.Originator.MissedBytes);
        Assert.Contains((O, TcpStreamEnd.Flushed), h.Ends);
        Assert.Contains((R, TcpStreamEnd.Flushed), h.Ends);
    }

    [Fact]
    public void AnAcknowledgedHoleIsGivenUpAtOnce()
    {
        var (r, h) = Handshake(100, 900);
        r.Process(O, 101, 901, PshAck, B("abc"), h);
        r.Process(O, 110, 901, PshAck, B("xyz"), h);
        Assert.Equal("abc", h.Text(O));
        r.Process(R, 901, 113, Ack, default, h); // the receiver had bytes 3..8: the capture lost them
        Assert.Equal("abcxyz", h.Text(O));
        Assert.Equal(6, r.Originator.MissedBytes);
        // Acknowledged data never seen at all (no held piece after it) is missed too.
        r.Process(R, 901, 123, Ack, default, h);
        Assert.Equal(16, r.Originator.MissedBytes);
        r.Process(O, 113, 901, PshAck, B("0123456789"), h); // a late copy of what was missed: duplicate
        Assert.Equal("abcxyz", h.Text(O));
    }

    [Fact]
    public void FinEndsADirectionAfterItsDataAndDataAfterFinIsIgnored()
    {
        var (r, h) = Handshake(100, 900);
        r.Process(O, 104, 901, TcpFlags.Fin | PshAck, B("def"), h); // FIN ahead of a hole
        Assert.Empty(h.Ends);
        r.Process(O, 101, 901, PshAck, B("abc"), h);
        Assert.Equal("abcdef", h.Text(O));
        Assert.Equal([(O, TcpStreamEnd.Fin)], h.Ends);
        r.Process(O, 107, 901, PshAck, B("zzz"), h);
        Assert.Equal("abcdef", h.Text(O));
        r.Process(R, 901, 108, TcpFlags.Fin | Ack, default, h);
        Assert.True(r.IsClosed);
        Assert.Equal(0, r.Originator.MissedBytes); // the ACK of the FIN is not a hole
    }

    [Fact]
    public void RstEndsBothDirectionsAndDeliversHeldData()
    {
        var (r, h) = Handshake(100, 900, new TcpReassemblyOptions { SkipAcknowledgedHoles = false });
        r.Process(O, 105, 901, PshAck, B("held"), h);
        r.Process(R, 901, 101, TcpFlags.Rst, default, h);
        Assert.Equal("held", h.Text(O));
        Assert.Equal(4, r.Originator.MissedBytes);
        Assert.Equal(TcpStreamEnd.Reset, r.Originator.End);
        Assert.Equal(TcpStreamEnd.Reset, r.Responder.End);
        Assert.Equal(0, r.Originator.BufferedBytes);
    }

    [Fact]
    public void SequenceNumbersWrapAround()
    {
        var (r, h) = Handshake(0xFFFF_FFF8, 900, new TcpReassemblyOptions { SkipAcknowledgedHoles = false });
        // Byte 0 is at 0xFFFFFFF9; the third segment straddles the wrap and arrives first.
        r.Process(O, 0xFFFF_FFFF, 901, PshAck, B("0123"), h);
        r.Process(O, 0xFFFF_FFF9, 901, PshAck, B("abcdef"), h);
        r.Process(O, 3, 901, PshAck, B("tail"), h);
        Assert.Equal("abcdef0123tail", h.Text(O));
        Assert.Equal(7u, r.Originator.NextSequence);
    }

    [Fact]
    public void AStreamIsPickedUpMidStreamAtTheFirstDataSegment()
    {
        var r = new TcpStreamReassembler();
        var h = new RecordingStreamHandler();
        r.Process(O, 5000, 7000, Ack, default, h); // a pure ACK (maybe a keep-alive) does not start it
        r.Process(O, 5555, 7000, PshAck, B("middle"), h);
        r.Process(O, 5561, 7000, PshAck, B(" more"), h);
        Assert.False(r.Originator.SawSyn);
        Assert.Equal(5555u, r.Originator.InitialSequence);
        Assert.Equal("middle more", h.Text(O));
    }

    [Fact]
    public void ThePerDirectionCapGivesUpTheOldestHoleAndCountsAnEviction()
    {
        var options = new TcpReassemblyOptions { MaxBufferedBytesPerDirection = 10, SkipAcknowledgedHoles = false };
        var (r, h) = Handshake(100, 900, options);
        r.Process(O, 111, 901, PshAck, B("AAAAAA"), h);  // held 6 (hole of 10 before it)
        r.Process(O, 121, 901, PshAck, B("BBBBBB"), h);  // would make 12 > 10: hole 0..9 given up, AAAAAA delivered, BBBBBB held
        Assert.Equal("AAAAAA", h.Text(O));
        Assert.Equal(1, r.Originator.Evictions);
        Assert.Equal(10, r.Originator.MissedBytes);
        Assert.True(r.Originator.BufferedBytes <= 10);
        r.Process(O, 117, 901, PshAck, B("----"), h);
        Assert.Equal("AAAAAA----BBBBBB", h.Text(O));
    }

    [Fact]
    public void TheSharedBudgetCapsTheTotalAcrossStreams()
    {
        var budget = new ReassemblyBudget(8);
        var options = new TcpReassemblyOptions { SkipAcknowledgedHoles = false };
        var (a, ha) = Handshake(100, 900, options, budget);
        var (b, hb) = Handshake(100, 900, options, budget);
        a.Process(O, 111, 901, PshAck, B("AAAAAA"), ha); // 6 of 8 held
        b.Process(O, 111, 901, PshAck, B("BBBBBB"), hb); // no room and nothing of its own to give up: skipped to
        Assert.Equal(6, budget.UsedBytes);
        Assert.Equal("BBBBBB", hb.Text(O));
        Assert.Equal(10, b.Originator.MissedBytes);
        Assert.Equal(1, budget.Evictions);
        a.Flush(ha);
        Assert.Equal(0, budget.UsedBytes);
        Assert.True(budget.PeakBytes <= 8);
    }

    [Fact]
    public void ManyTinySegmentsAreBoundedByTheSegmentCap()
    {
        var options = new TcpReassemblyOptions { MaxBufferedSegmentsPerDirection = 16, SkipAcknowledgedHoles = false };
        var (r, h) = Handshake(0, 900, options);
        for (uint i = 0; i < 1000; i++) r.Process(O, 10 + i * 2, 901, PshAck, B("x"), h); // every other byte missing
        Assert.True(r.Originator.BufferedSegments <= 16);
        Assert.True(r.Originator.Evictions > 0);
        r.Flush(h);
        Assert.Equal(1000, r.Originator.DeliveredBytes);
        Assert.Equal(0, r.Originator.BufferedBytes);
    }

    private sealed class SameMemoryHandler(byte[] packet, int offset) : ITcpStreamHandler
    {
        public bool Called { get; private set; }
        public bool Same { get; private set; }

        public void OnData(FlowDirection direction, long streamOffset, ReadOnlySpan<byte> data)
        {
            Called = true;
            Same = Unsafe.AreSame(ref MemoryMarshal.GetReference(data), ref packet[offset]) && data.Length == packet.Length - offset;
        }

        public void OnGap(FlowDirection direction, long streamOffset, long length) { }

        public void OnEnd(FlowDirection direction, TcpStreamEnd reason) { }
    }
}
