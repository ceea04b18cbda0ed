using SockScope.Wire;

namespace SockScope.Filter.Tests;

public sealed class ParserErrorTests
{
    [Theory]
    [InlineData("ip and", 6, "syntax error")]
    [InlineData("tcp host 10.0.0.1", 0, "'tcp' modifier applied to host")]
    [InlineData("port 99999", 5, "illegal port number 99999 > 65535")]
    [InlineData("ip[0:3] = 1", 5, "data size must be 1, 2, or 4")]
    [InlineData("ip[0] / 0 = 1", 6, "division by zero")]
    [InlineData("net 10.1.2.3/8", 4, "non-network bits set")]
    [InlineData("host foo.example", 5, "unknown host 'foo.example'")]
    [InlineData("udp port http", 9, "port 'http' is tcp")]
    [InlineData("ip && (tcp || udp", 17, "expected ')'")]
    [InlineData("ip # 1", 3, "unexpected character '#'")]
    [InlineData("ip and not ip", 0, "expression rejects all packets")]
    public void RejectsWithTheProblemAndTheColumn(string expression, int column, string message)
    {
        var e = Assert.Throws<FilterSyntaxException>(() => FilterCompiler.Compile(expression, LinkType.Ethernet));
        Assert.Contains(message, e.Message);
        Assert.Equal(column, e.Column);
        Assert.Equal(expression, e.Expression);
        string[] lines = e.Display.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal('^', lines[2][2 + column]);
    }

    [Theory]
    [InlineData(LinkType.LinuxSll, "ether host 00:01:02:03:04:05", "ethernet addresses supported only")]
    [InlineData(LinkType.Raw, "vlan", "no VLAN support for Raw IP")]
    [InlineData(LinkType.Null, "broadcast", "not a broadcast link")]
    public void RejectsWhatTheLinkTypeCannotExpress(LinkType linkType, string expression, string message)
    {
        var e = Assert.Throws<FilterSyntaxException>(() => FilterCompiler.Compile(expression, linkType));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void EmptyExpressionAcceptsEverything()
    {
        BpfProgram program = FilterCompiler.Compile("", LinkType.Ethernet, 1500);
        Assert.Single(program.Instructions.ToArray());
        Assert.Equal(1500u, program.Run([1, 2, 3], 3));
    }

    [Fact]
    public void QualifiersCarryOverToBareIds()
    {
        BpfProgram a = FilterCompiler.Compile("tcp port 80 or 443", LinkType.Ethernet);
        BpfProgram b = FilterCompiler.Compile("tcp port 80 or tcp port 443", LinkType.Ethernet);
        Assert.Equal(b.Instructions.ToArray(), a.Instructions.ToArray());
    }

    /// <summary>Random junk and mangled expressions only ever give FilterSyntaxException, never a crash.</summary>
    [Fact]
    public void NeverCrashesOnGarbage()
    {
        string[] pieces = ["ip", "ip6", "tcp", "udp", "host", "net", "port", "portrange", "src", "dst", "and", "or", "not", "(", ")",
            "[", "]", ":", "=", "!=", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "1", "0", "80", "10.0.0.1",
            "fe80::1", "00:11:22:33:44:55", "len", "vlan", "mask", "255.0.0.0", "/", "8", "proto", "\\tcp", "ether", "broadcast",
            "multicast", "less", "greater", "tcpflags", "icmp-echo", "1-5", "0x", "99999999999", "!", "&&", "||"];
        var random = new Random(1234);
        for (int i = 0; i < 3000; i++)
        {
            string expression = string.Join(' ', Enumerable.Range(0, random.Next(1, 9)).Select(_ => pieces[random.Next(pieces.Length)]));
            foreach (LinkType linkType in new[] { LinkType.Ethernet, LinkType.Raw, LinkType.Null, LinkType.LinuxSll2 })
            {
                try
                {
                    BpfProgram program = FilterCompiler.Compile(expression, linkType);
                    program.Run(new byte[60], 60);
                }
                catch (FilterSyntaxException)
                {
                }
            }
        }
    }
}

public sealed class HostileInputTests
{
    [Theory]
    [InlineData(100000, "(")]
    [InlineData(100000, "not ")]
    [InlineData(100000, "-")]
    [InlineData(100000, "ip[")]
    public void DeepNestingIsRefusedNotACrash(int count, string piece)
    {
        string expression = string.Concat(Enumerable.Repeat(piece, count)) + "1";
        var e = Assert.Throws<FilterSyntaxException>(() => FilterCompiler.Compile(expression, SockScope.Wire.LinkType.Ethernet));
        Assert.Contains("nested too deeply", e.Message);
    }

    [Fact]
    public void VeryLongExpressionsAreRefusedNotACrash()
    {
        string expression = string.Join(" or ", Enumerable.Repeat("ip", 50000));
        var e = Assert.Throws<FilterSyntaxException>(() => FilterCompiler.Compile(expression, SockScope.Wire.LinkType.Ethernet));
        Assert.Contains("too complex", e.Message);
        string arithmetic = string.Join(" + ", Enumerable.Repeat("ip[0]", 50000)) + " = 1";
        Assert.Throws<FilterSyntaxException>(() => FilterCompiler.Compile(arithmetic, SockScope.Wire.LinkType.Ethernet));
    }
}

public sealed class StackDepthTests
{
    /// <summary>The largest expressions the parser lets through compile on a thread with a 1 MB stack.</summary>
    [Fact]
    public void LargestAcceptedExpressionsFitInASmallStack()
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                FilterCompiler.Compile(string.Join(" + ", Enumerable.Repeat("ip[0]", 650)) + " = 1", SockScope.Wire.LinkType.Ethernet);
                FilterCompiler.Compile(string.Join(" and ", Enumerable.Repeat("not ip6", 950)), SockScope.Wire.LinkType.Ethernet);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
    }
}
