using SockScope.Wire;

namespace SockScope.Cli;

/// <summary>A compiled capture filter as the read and capture loops use it.</summary>
internal interface IPacketFilter
{
    bool Matches(ReadOnlySpan<byte> packet, int wireLength);
}

/// <summary>
/// Turns a pcap-filter expression into an <see cref="IPacketFilter"/>. The filter compiler
/// (SockScope.Filter.FilterCompiler) is not in this build yet, so an expression is refused with
/// one line; this is the only place to change when it lands.
/// </summary>
internal static class PacketFilterAdapter
{
    /// <summary>Null for an empty expression (every packet matches); throws <see cref="UsageException"/> for a bad one.</summary>
    public static IPacketFilter? Compile(string? expression, LinkType linkType, int snapLength)
    {
        if (string.IsNullOrWhiteSpace(expression)) return null;
        _ = linkType;
        _ = snapLength;
        throw new UsageException($"filter expressions are not available in this build yet ('{expression}')");
    }
}
