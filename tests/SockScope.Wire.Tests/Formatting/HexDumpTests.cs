using SockScope.Wire.Formatting;

namespace SockScope.Wire.Tests.Formatting;

public class HexDumpTests
{
    [Fact]
    public void Hex_and_ascii_pads_a_short_last_line_like_tcpdump()
    {
        // From the corpus (decnet-oobr.pcap.nn.txt): 20 bytes of '0'.
        using var o = new Utf8Builder();
        HexDump.WriteHexAndAscii(o, "00000000000000000000"u8);
        Assert.Equal(
            "\n\t0x0000:  3030 3030 3030 3030 3030 3030 3030 3030  0000000000000000" +
            "\n\t0x0010:  3030 3030                                0000", o.ToString());
    }

    [Fact]
    public void Hex_only_handles_odd_lengths_and_offsets()
    {
        using var o = new Utf8Builder();
        HexDump.WriteHex(o, [0x45, 0x00, 0x01], offset: 0x10);
        Assert.Equal("\n\t0x0010:  4500 01", o.ToString());
    }

    [Fact]
    public void Ascii_keeps_printables_and_newlines_and_drops_carriage_returns()
    {
        using var o = new Utf8Builder();
        HexDump.WriteAscii(o, "GET /\r\n\x01"u8);
        Assert.Equal("\nGET /\n.", o.ToString());
    }

    [Fact]
    public void Builder_grows_past_its_initial_capacity()
    {
        using var o = new Utf8Builder(16);
        for (int i = 0; i < 1000; i++) o.Append(i).Append((byte)',');
        Assert.StartsWith("0,1,2,", o.ToString());
        Assert.EndsWith("998,999,", o.ToString());
    }
}
