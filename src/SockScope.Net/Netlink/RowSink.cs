using System.Runtime.CompilerServices;

namespace SockScope.Net.Netlink;

/// <summary>Reads one dump reply's payload into a row; null when it is too short to be one.</summary>
internal delegate T? RowParser<out T>(ReadOnlySpan<byte> payload) where T : class;

/// <summary>
/// The one sink of the rtnetlink and sock_diag dumps: appends what the parser makes of each reply
/// to <paramref name="rows"/>, skipping the replies it cannot read and, when
/// <paramref name="onlyType"/> is given, those of any other message type.
/// </summary>
internal sealed class RowSink<T>(RowParser<T> parse, List<T> rows, ushort? onlyType = null) : INetlinkDumpSink where T : class
{
    // A socket dump may carry tens of thousands of replies: compiled fully at once, not tiered up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OnMessage(in NetlinkMessage message)
    {
        if ((onlyType is null || message.Type == onlyType) && parse(message.Payload) is { } row) rows.Add(row);
    }
}
