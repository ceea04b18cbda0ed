namespace SockScope.Cli.Tests;

public sealed class FilterExpressionSourceTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"ssc-filter-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Words_after_the_options_are_the_expression()
    {
        Assert.Equal("tcp port 80", FilterExpressionSource.Resolve(null, ["tcp", "port", "80"]));
        Assert.Equal("", FilterExpressionSource.Resolve(null, []));
    }

    [Fact]
    public void A_filter_file_loses_its_comments_and_line_breaks()
    {
        File.WriteAllText(_file, "# web traffic\r\ntcp port 80\t# plain\n\n   or tcp port 443\n");
        Assert.Equal("tcp port 80 or tcp port 443", FilterExpressionSource.Resolve(_file, []));
    }

    [Fact]
    public void A_filter_file_and_an_expression_together_are_refused()
    {
        File.WriteAllText(_file, "udp");
        var e = Assert.Throws<UsageException>(() => FilterExpressionSource.Resolve(_file, ["tcp"]));
        Assert.Contains("drop 'tcp'", e.Message);
    }

    [Fact]
    public void A_missing_filter_file_is_one_line_naming_it()
    {
        var e = Assert.Throws<CommandException>(() => FilterExpressionSource.Resolve(_file + ".none", []));
        Assert.StartsWith($"cannot read filter file {_file}.none: ", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }
}
