namespace SockScope.Cli.Tests;

public class ArgReaderTests
{
    [Fact]
    public void Clustered_counted_flags_and_attached_values_are_read_like_tcpdump()
    {
        var r = new ArgReader(["-nnvc5", "file.pcap", "-tttt", "--linktype=EN10MB", "--json", "tcp", "port", "80"]);
        var seen = new List<string>();
        while (r.TryNext(out string o))
        {
            switch (o)
            {
                case "c": seen.Add("c=" + r.Value()); break;
                case "linktype": seen.Add("lt=" + r.Value()); break;
                default: seen.Add(o); break;
            }
        }
        Assert.Equal(["n", "n", "v", "c=5", "t", "t", "t", "t", "lt=EN10MB", "json"], seen);
        Assert.Equal(["file.pcap", "tcp", "port", "80"], r.Positionals);
    }

    [Fact]
    public void Separate_values_and_double_dash_work()
    {
        var r = new ArgReader(["-c", "7", "--", "-x"]);
        Assert.True(r.TryNext(out string o));
        Assert.Equal("c", o);
        Assert.Equal(7, r.IntValue(1));
        Assert.False(r.TryNext(out _));
        Assert.Equal(["-x"], r.Positionals);
    }

    [Fact]
    public void Missing_and_malformed_values_are_usage_errors()
    {
        var r = new ArgReader(["-c"]);
        r.TryNext(out _);
        Assert.Contains("needs a value", Assert.Throws<UsageException>(() => r.Value()).Message);
        var s = new ArgReader(["-c", "many"]);
        s.TryNext(out _);
        Assert.Contains("not a whole number", Assert.Throws<UsageException>(() => s.IntValue()).Message);
    }

    [Fact]
    public void Digits_are_flags_as_ping_and_ss_use_them()
    {
        var r = new ArgReader(["-4", "-06", "host"]);
        var seen = new List<string>();
        while (r.TryNext(out string o)) seen.Add(o);
        Assert.Equal(["4", "0", "6"], seen);
        Assert.Equal(["host"], r.Positionals);
    }
}
