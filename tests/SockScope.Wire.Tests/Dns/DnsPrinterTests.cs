using SockScope.Wire.Formatting;

namespace SockScope.Wire.Tests.Dns;

/// <summary>Golden lines from tcpdump 4.99.3 (-nn, -v, -vv) for messages printed directly, without the transport layers.</summary>
public sealed class DnsPrinterTests
{
    private static string Print(byte[] dns, int verbosity, int? length = null, bool mdns = false)
    {
        using var text = new Utf8Builder(1024);
        DnsPrinter.Print(dns, length ?? dns.Length, text, new DnsPrintContext { Verbosity = verbosity, Multicast = mdns });
        return text.ToString();
    }

    // dns-uri.pcap: the query (with a DNS cookie option) and the answer with a URI record.
    private static readonly byte[] UriQuery = Convert.FromHexString(
        "af2d01200001000000000001055f6874747003646e7304746573740001000001000029100000000000000c000a0008c192fe071aed7795");
    private static readonly byte[] UriAnswer = Convert.FromHexString(
        "af2d85800001000100000001055f6874747003646e7304746573740001000001c00c0100000100002a30001c000a00056874" +
        "74703a2f2f7777772e646e732e746573743a383030300000291000000000000000");

    [Fact]
    public void QueryLine()
    {
        Assert.Equal("44845+ [1au] URI? _http.dns.test. (55)", Print(UriQuery, 0));
        Assert.Equal("44845+ [1au] URI? _http.dns.test. ar: . OPT UDPsize=4096 [COOKIE c192fe071aed7795] (55)", Print(UriQuery, 2));
    }

    [Fact]
    public void AnswerLineAtEachVerbosity()
    {
        Assert.Equal("44845* 1/0/1 URI 10 5 http://www.dns.test:8000 (83)", Print(UriAnswer, 0));
        Assert.Equal("44845* 1/0/1 _http.dns.test. URI 10 5 http://www.dns.test:8000 (83)", Print(UriAnswer, 1));
        Assert.Equal("44845* q: URI? _http.dns.test. 1/0/1 _http.dns.test. URI 10 5 http://www.dns.test:8000 ar: . OPT UDPsize=4096 (83)",
            Print(UriAnswer, 2));
    }

    [Fact]
    public void ShortMessagesAreInvalidAndCutMessagesAreMarked()
    {
        Assert.Equal("domain [length 0 < 12] (invalid)", Print([], 0, length: 0));
        Assert.Equal(" [|domain]", Print(UriAnswer[..10], 0, length: 83));
        Assert.Equal("44845* 1/0/1 URI [|domain]", Print(UriAnswer[..50], 0, length: 83));
    }

    [Fact]
    public void MulticastDnsShowsUnicastQuestions()
    {
        Assert.Equal("0 A (QU)? h.local. (25)", Print(Convert.FromHexString("0000000000010000000000000168056c6f63616c0000018001"), 0, mdns: true));
        Assert.Equal("0 A (QM)? h.local. (25)", Print(Convert.FromHexString("0000000000010000000000000168056c6f63616c0000010001"), 0, mdns: true));
    }
}
