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
    public static IPacketFilter? Compile(string? expression, LinkType linkType, int snapLength)
    {
        if (string.IsNullOrWhiteSpace(expression)) return null;
        try
        {
            return new CompiledFilter(FilterCompiler.Compile(expression, linkType, snapLength > 0 ? snapLength : 262144));
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
