using SockScope.TestSupport;
using System.Text.Json;
using SockScope.Wire.Formatting;

namespace SockScope.Wire.Tests.Formatting;

public class JsonPacketFormatterTests
{
    private static readonly byte[] Frame = Convert.FromHexString(
        "020000000002020000000001" + "8100" + "2064" + "0800"
        + "4500002c1234400040060000" + "0a5a0001" + "0a5a0002"
        + "9c400050000003e8000000006002faf000000000" + "020405b4");

    [Fact]
    public void Writes_one_object_with_every_layer()
    {
        using var output = new Utf8Builder();
        new JsonPacketFormatter().Format(output, LinkType.Ethernet, Frame, Frame.Length, 1_700_000_000_123_456_789, 7);
        string text = output.ToString();
        Assert.DoesNotContain('\n', text);
        using JsonDocument json = JsonDocument.Parse(text);
        JsonElement root = json.RootElement;
        Assert.Equal(7, root.GetProperty("frame").GetProperty("number").GetInt32());
        Assert.Equal("1700000000.123456789", root.GetProperty("frame").GetProperty("time").GetString());
        Assert.Equal("02:00:00:00:00:01", root.GetProperty("eth").GetProperty("src").GetString());
        Assert.Equal(0x8100, root.GetProperty("eth").GetProperty("type").GetInt32());
        Assert.Equal(100, root.GetProperty("vlan")[0].GetProperty("id").GetInt32());
        Assert.Equal(1, root.GetProperty("vlan")[0].GetProperty("priority").GetInt32());
        JsonElement ip = root.GetProperty("ip");
        Assert.Equal("10.90.0.1", ip.GetProperty("src").GetString());
        Assert.True(ip.GetProperty("df").GetBoolean());
        Assert.Equal("bad", ip.GetProperty("checksum_status").GetString());
        JsonElement tcp = root.GetProperty("tcp");
        Assert.Equal(40000, tcp.GetProperty("src_port").GetInt32());
        Assert.Equal(1000, tcp.GetProperty("seq").GetInt64());
        Assert.Equal("S", tcp.GetProperty("flags_text").GetString());
        Assert.Equal(0, tcp.GetProperty("len").GetInt32());
        Assert.False(root.TryGetProperty("error", out _));
    }

    [Fact]
    public void Truncated_packet_reports_the_error()
    {
        using var output = new Utf8Builder();
        new JsonPacketFormatter().Format(output, LinkType.Ethernet, Frame.AsSpan(0, 50), Frame.Length, 0, 1);
        using JsonDocument json = JsonDocument.Parse(output.ToString());
        JsonElement error = json.RootElement.GetProperty("error");
        Assert.Equal("tcp", error.GetProperty("layer").GetString());
        Assert.Equal("truncated", error.GetProperty("reason").GetString());
        Assert.Equal(38, error.GetProperty("offset").GetInt32());
    }

    [Fact]
    public void Dns_name_is_escaped_and_formatting_allocates_nothing()
    {
        // UDP to port 53 asking for a"b.example.
        byte[] dns = Convert.FromHexString("12340100000100000000000003612262076578616d706c650000010001");
        byte[] udp = [.. Convert.FromHexString("d4310035"), (byte)((8 + dns.Length) >> 8), (byte)(8 + dns.Length), 0, 0, .. dns];
        byte[] ip = [.. Convert.FromHexString("45000000000000004011000001020304" + "05060708"), .. udp];
        ip[3] = (byte)ip.Length;
        using var output = new Utf8Builder();
        var formatter = new JsonPacketFormatter();
        formatter.Format(output, LinkType.Raw, ip, ip.Length, 0, 1);
        using (JsonDocument json = JsonDocument.Parse(output.ToString()))
        {
            Assert.Equal("a\"b.example", json.RootElement.GetProperty("dns").GetProperty("qname").GetString());
            Assert.Equal(0x1234, json.RootElement.GetProperty("dns").GetProperty("id").GetInt32());
        }
        // The Ethernet frame's first pass may initialise static tables (once per process): not per packet.
        formatter.Format(output, LinkType.Ethernet, Frame, Frame.Length, 0, 1);
        Assert.Equal(0, Allocations.Least(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                output.Clear();
                formatter.Format(output, LinkType.Raw, ip, ip.Length, 0, i);
                formatter.Format(output, LinkType.Ethernet, Frame, Frame.Length, 0, i);
            }
        }));
    }
}
