using System.Text;

namespace SockScope.Cli;

/// <summary>
/// Where a command's pcap-filter expression comes from: the words after the options, or the
/// file named by -F (tcpdump's -F: the whole file is the expression, a # starts a comment that
/// runs to the end of its line). Both at once is refused rather than one silently ignored.
/// </summary>
internal static class FilterExpressionSource
{
    public static string Resolve(string? filterFile, IReadOnlyList<string> words)
    {
        if (filterFile is null) return string.Join(' ', words);
        if (words.Count > 0)
            throw new UsageException($"-F {filterFile} gives the filter expression: drop '{string.Join(' ', words)}' from the command line");
        string text;
        try
        {
            text = File.ReadAllText(filterFile, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException($"cannot read filter file {filterFile}: {e.Message}");
        }
        return OneLine(text);
    }

    /// <summary>Comments removed and every line joined with spaces, so an error's caret lines up under one line.</summary>
    internal static string OneLine(string text)
    {
        var expression = new StringBuilder(text.Length);
        foreach (string line in text.Split('\n'))
        {
            int comment = line.IndexOf('#', StringComparison.Ordinal);
            string code = (comment >= 0 ? line[..comment] : line).Replace('\t', ' ').Replace('\r', ' ').Trim();
            if (code.Length == 0) continue;
            if (expression.Length > 0) expression.Append(' ');
            expression.Append(code);
        }
        return expression.ToString();
    }
}
