using SockScope.TestSupport;
using SockScope.Wire.Dns;
using SockScope.Wire.Formatting;

namespace SockScope.Wire.Tests.Dns;

public sealed class DnsMessageTests
{
    // A response from dns_udp.pcap (tcpdump: "22836*- 2/2/5 A 192.139.46.66, A 198.199.88.104"), cut after the answers.
    private static readonly byte[] Response = Convert.FromHexString(
        "59348400000100020002000503777777077463706475" +
        "6d70036f72670000010001c00c00010001000006840004c08b2e42" +
        "c00c00010001000006840004c6c75868");

    [Fact]
    public void DeconstructsHeaderQuestionAndAnswers()
    {
        Assert.True(DnsMessage.TryCreate(Response, out DnsMessage m, out WireError error));
        Assert.Equal(WireError.None, error);
        Assert.Equal(22836, m.Id);
        Assert.True(m.IsResponse);
        Assert.Equal(DnsOpcode.Query, m.Opcode);
        Assert.Equal(DnsResponseCode.NoError, m.ResponseCode);
        Assert.True((m.Flags & DnsFlags.Authoritative) != 0);
        Assert.True((m.Flags & DnsFlags.RecursionAvailable) == 0);
        Assert.Equal((1, 2, 2, 5), ((int)m.QuestionCount, (int)m.AnswerCount, (int)m.AuthorityCount, (int)m.AdditionalCount));

        Assert.True(m.TryGetFirstQuestion(out DnsQuestion q));
        Assert.Equal(DnsRecordType.A, q.Type);
        Assert.Equal((ushort)DnsClass.IN, q.Class);
        using var name = new Utf8Builder(64);
        Assert.True(m.TryWriteFirstQuestionName(name));
        Assert.Equal("www.tcpdump.org.", name.ToString());

        DnsSectionReader<DnsResourceRecord> records = m.Records;
        Assert.True(records.TryRead(out DnsResourceRecord first));
        Assert.Equal(DnsRecordType.A, first.Type);
        Assert.Equal(1668u, first.Ttl);
        Assert.Equal(new byte[] { 192, 139, 46, 66 }, first.Data.ToArray());
        Assert.True(records.TryRead(out DnsResourceRecord second));
        Assert.Equal(new byte[] { 198, 199, 88, 104 }, second.Data.ToArray());
        // The capture ends here although the header announces authority and additional records.
        Assert.False(records.TryRead(out _));
        Assert.Equal(WireError.Truncated, records.Error);
    }

    [Fact]
    public void SectionsStopAtTheFirstEntryThatDoesNotFit()
    {
        // Question: name at 12-28, type and class at 29-32. Answers: 33-48 (RDATA 45-48) and 49-64.
        Assert.True(DnsMessage.TryCreate(Response.AsSpan(0, 31), out DnsMessage cutInQuestion, out _));
        DnsSectionReader<DnsQuestion> questions = cutInQuestion.Questions;
        Assert.False(questions.TryRead(out _));
        Assert.Equal((WireError.Truncated, 12), (questions.Error, questions.Offset));
        Assert.False(cutInQuestion.Records.TryRead(out _));

        Assert.True(DnsMessage.TryCreate(Response.AsSpan(0, 47), out DnsMessage cutInData, out _));
        DnsSectionReader<DnsResourceRecord> records = cutInData.Records;
        Assert.Equal(33, records.Offset);
        Assert.False(records.TryRead(out _));
        Assert.Equal((WireError.Truncated, 33), (records.Error, records.Offset));
        Assert.False(records.TryRead(out _));

        Assert.True(DnsMessage.TryCreate(Response, out DnsMessage whole, out _));
        records = whole.Records;
        Assert.True(records.TryRead(out DnsResourceRecord first));
        Assert.Equal((33, 45), (first.NameOffset, first.DataOffset));
        Assert.Equal(49, records.Offset);
        Assert.True(records.TryRead(out _));
        Assert.Equal(65, records.Offset);
    }

    [Fact]
    public void ReadingTheSectionsAllocatesNothing()
    {
        static int Walk()
        {
            DnsMessage.TryCreate(Response, out DnsMessage m, out _);
            int entries = 0;
            DnsSectionReader<DnsQuestion> questions = m.Questions;
            while (questions.TryRead(out _)) entries++;
            DnsSectionReader<DnsResourceRecord> records = m.Records;
            while (records.TryRead(out _)) entries++;
            return entries;
        }
        Assert.Equal(3, Walk());
        Assert.Equal(0, Allocations.Least(() =>
        {
            for (int i = 0; i < 100; i++) Walk();
        }));
    }

    [Fact]
    public void RefusesAHeaderShorterThanTwelveBytes()
    {
        Assert.False(DnsMessage.TryCreate(Response.AsSpan(0, 11), out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
    }

    [Fact]
    public void CompressedNameFollowsABackwardPointer()
    {
        using var text = new Utf8Builder(64);
        Assert.Equal(WireError.None, DnsName.Write(Response, 33, text, out int end));
        Assert.Equal("www.tcpdump.org.", text.ToString());
        Assert.Equal(35, end);
    }

    [Theory]
    [InlineData("c00c", WireError.Loop)]            // points at itself
    [InlineData("c00e0000", WireError.Loop)]        // points forward
    [InlineData("0161c00c", WireError.Loop)]        // label, then back to the start: a cycle
    [InlineData("03616263", WireError.Truncated)]   // ends inside the name
    [InlineData("0361", WireError.Truncated)]       // ends inside a label
    [InlineData("8161", WireError.Unsupported)]     // reserved label type 10
    [InlineData("4100", WireError.Unsupported)]     // EDNS0 extended label
    public void MalformedNamesStopWithAnError(string nameHex, WireError expected)
    {
        byte[] message = [.. new byte[12], .. Convert.FromHexString(nameHex)];
        using var text = new Utf8Builder(64);
        Assert.Equal(expected, DnsName.Write(message, 12, text, out _));
        Assert.Equal(0, text.Length);
    }

    [Fact]
    public void NamesLongerThan255BytesAreRefused()
    {
        var name = new List<byte>(new byte[12]);
        for (int i = 0; i < 5; i++)
        {
            name.Add(63);
            name.AddRange(Enumerable.Repeat((byte)'x', 63));
        }
        name.Add(0);
        Span<byte> text = stackalloc byte[1024];
        Assert.Equal(WireError.BadLength, DnsName.TryWrite(name.ToArray(), 12, text, out _, out _));
        Assert.Equal(WireError.BadLength, DnsName.Skip(name.ToArray(), 12, out _));
    }

    [Fact]
    public void RootNameIsADot()
    {
        byte[] message = [.. new byte[12], 0];
        Span<byte> text = stackalloc byte[8];
        Assert.Equal(WireError.None, DnsName.TryWrite(message, 12, text, out int written, out int end));
        Assert.Equal(".", System.Text.Encoding.ASCII.GetString(text[..written]));
        Assert.Equal(13, end);
    }

    [Fact]
    public void WalkerYieldsLabelsAndStopsAPointerChainThatDoesNotShrink()
    {
        // 12: "a" -> pointer to 16; 16: "b" -> pointer to 12 (a cycle through two labels).
        byte[] message = [.. new byte[12], 1, (byte)'a', 0xC0, 16, 1, (byte)'b', 0xC0, 12];
        var walker = new DnsNameWalker(message, 12);
        Assert.Equal(DnsNameStep.Label, walker.Next(out ReadOnlySpan<byte> a));
        Assert.Equal("a", System.Text.Encoding.ASCII.GetString(a));
        Assert.Equal(DnsNameStep.BadPointer, walker.Next(out _));
    }

    [Fact]
    public void ExtendedResponseCodeComesFromTheOptRecord()
    {
        // dns-badcookie.pcap, second packet: header rcode 7, OPT extended rcode 1 -> 23 (BadCookie).
        byte[] message = Convert.FromHexString("f6ab8407000100000000000100000600010000291000010000000000");
        Assert.True(DnsMessage.TryCreate(message, out DnsMessage m, out _));
        Assert.True(m.TryGetExtendedResponseCode(out int rcode));
        Assert.Equal((int)DnsResponseCode.BadCookie, rcode);
    }
}
