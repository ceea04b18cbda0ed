using SockScope.Analysis.Statistics;
using SockScope.Filter;
using SockScope.Wire;

namespace SockScope.Cli;

/// <summary>
/// The `-z SPEC` plumbing shared by `stats`, `read` and `capture`: builds the taps (MAC names from
/// Wireshark's data files, io,stat column filters through SockScope.Filter's compiler and BPF
/// interpreter) and prints the blocks at the end.
/// </summary>
internal static class StatisticsSpecs
{
    /// <summary>A session for <paramref name="specs"/>; a bad spec is a usage error.</summary>
    public static StatisticsSession Create(IReadOnlyList<string> specs, LinkType linkType, bool resolveNames = true, long maxIoStatRows = IoStatTap.DefaultMaxRows)
    {
        var options = new StatisticsOptions
        {
            MaxIoStatRows = maxIoStatRows,
            // Only the eth tables print MAC addresses: the names files are read when one is asked for.
            MacNames = resolveNames && specs.Any(s => s.EndsWith(",eth", StringComparison.Ordinal)) ? MacNames.Value : null,
            FilterCompiler = new PcapFilterCompiler(),
        };
        var taps = new List<StatisticsTap>();
        foreach (string spec in specs)
        {
            try
            {
                StatisticsTap tap = StatisticsSpec.Create(spec, options);
                if (tap is IoStatTap io) io.Prepare(linkType);
                taps.Add(tap);
            }
            catch (StatisticsSpecException e)
            {
                throw new UsageException("-z " + e.Message);
            }
        }
        return new StatisticsSession(taps);
    }

    /// <summary>Wireshark's manuf/wka names, read once per process.</summary>
    private static readonly Lazy<MacNameResolver> MacNames = new(() => MacNameResolver.Load(
        Environment.GetEnvironmentVariable("SOCKSCOPE_WIRESHARK_DATA") is { Length: > 0 } dir ? dir : MacNameResolver.DefaultDirectory));

    /// <summary>Writes the blocks to standard output (UTF-8, no BOM).</summary>
    public static void Print(StatisticsSession session, Stream output)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(session.Render());
        output.Write(bytes);
        output.Flush();
    }

    /// <summary>io,stat column filters are pcap-filter expressions, compiled to classic BPF and interpreted.</summary>
    private sealed class PcapFilterCompiler : IFrameFilterCompiler
    {
        public IFrameFilter Compile(string expression, LinkType linkType)
        {
            try
            {
                return new Program(FilterCompiler.Compile(expression, linkType, 262144));
            }
            catch (FilterSyntaxException e) when (e.Message.Contains("rejects all packets", StringComparison.Ordinal))
            {
                // A valid filter that cannot match on this link type (icmp on a non-IP link): an empty column.
                return NoFrame.Instance;
            }
            catch (FilterSyntaxException e)
            {
                throw new UsageException($"-z io,stat filter: {e.Display}");
            }
            catch (ArgumentException)
            {
                // The compiler has no code for this link type; the column stays empty rather than the run failing.
                return NoFrame.Instance;
            }
        }

        private sealed class NoFrame : IFrameFilter
        {
            public static readonly NoFrame Instance = new();
            public bool Matches(ReadOnlySpan<byte> frame, int wireLength) => false;
        }

        private sealed class Program(BpfProgram program) : IFrameFilter
        {
            public bool Matches(ReadOnlySpan<byte> frame, int wireLength) => program.Matches(frame, wireLength);
        }
    }
}
