using SockScope.Filter;
using SockScope.Wire;

namespace SockScope.Cli;

/// <summary>A compiled capture filter as the read and capture loops use it.</summary>
internal interface IPacketFilter
{
    bool Matches(ReadOnlySpan<byte> packet, int wireLength);
}

/// <summary>Turns a pcap-filter expression into an <see cref="IPacketFilter"/> with SockScope.Filter's compiler.</summary>
internal static class PacketFilterAdapter
{
    /// <summary>
    /// Null for an empty expression (every packet matches). A bad expression throws
    /// <see cref="UsageException"/>: exit 2, the message with the expression and a caret under the column (as `sockscope filter`).
    /// </summary>
    public static IPacketFilter? Compile(string? expression, LinkType linkType, int snapLength) =>
        CompileProgram(expression, linkType, snapLength > 0 ? snapLength : 262144, live: false) is { } program ? new CompiledFilter(program) : null;

    /// <summary>
    /// The classic BPF program for <paramref name="expression"/>, null when it is empty, with the
    /// usage errors of every command that filters: the caret display of a syntax error, and the
    /// link type the compiler cannot filter. <paramref name="live"/>: for a live capture, where
    /// inbound/outbound/ifindex become the kernel's ancillary loads.
    /// </summary>
    public static BpfProgram? CompileProgram(string? expression, LinkType linkType, int snapLength, bool live)
    {
        if (string.IsNullOrWhiteSpace(expression)) return null;
        try
        {
            return FilterCompiler.Compile(expression, linkType, snapLength, live);
        }
        catch (FilterSyntaxException e)
        {
            throw new UsageException(e.Display);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"cannot filter link-type {LinkTypeNames.Name(linkType)}: {e.Message}");
        }
    }

    private sealed class CompiledFilter(BpfProgram program) : IPacketFilter
    {
        public bool Matches(ReadOnlySpan<byte> packet, int wireLength) => program.Matches(packet, wireLength);
    }
}
