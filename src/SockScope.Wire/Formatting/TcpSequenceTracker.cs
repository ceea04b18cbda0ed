using SockScope.Wire.Addresses;

namespace SockScope.Wire.Formatting;

/// <summary>
/// Remembers the initial sequence numbers of TCP conversations so that sequence and
/// acknowledgment numbers print relative to them, as tcpdump does without <c>-S</c>. One entry
/// serves both directions: the key puts the endpoints in a fixed order and records whether this
/// packet goes the other way. The table is bounded; when full it starts over, which costs only
/// absolute numbers for the conversations already seen.
/// </summary>
internal sealed class TcpSequenceTracker
{
    public const int MaxConversations = 1 << 16;

    private readonly Dictionary<ConversationKey, Initial> _conversations = new(1024);

    /// <summary>The initial numbers of a conversation: the "first" endpoint's sequence and the other's ack base.</summary>
    public readonly record struct Initial(uint Sequence, uint Acknowledgment);

    private readonly record struct ConversationKey(ulong FirstHigh, ulong FirstLow, ulong SecondHigh, ulong SecondLow, uint Ports, bool IsIpv6);

    /// <summary>
    /// Looks up (or records) the conversation of an ACK-carrying segment. Returns the initial
    /// numbers and whether this packet goes in the reverse direction. <paramref name="known"/>
    /// is false when the entry was just made (the segment is then printed with absolute numbers).
    /// </summary>
    public Initial Track(in IpInfo ip, ushort sourcePort, ushort destinationPort, uint sequence, uint acknowledgment, bool syn,
        out bool reverse, out bool known)
    {
        ulong sh, sl, dh, dl;
        if (ip.IsIpv6)
        {
            (sh, sl, dh, dl) = (ip.Source6.High, ip.Source6.Low, ip.Destination6.High, ip.Destination6.Low);
        }
        else
        {
            (sh, sl, dh, dl) = (0, ip.Source4.Value, 0, ip.Destination4.Value);
        }
        // tcpdump orders the endpoints by comparing the address bytes, then the ports.
        int order = sh != dh ? sh.CompareTo(dh) : sl.CompareTo(dl);
        reverse = order > 0 || (order == 0 && sourcePort > destinationPort);
        ConversationKey key = reverse
            ? new ConversationKey(dh, dl, sh, sl, (uint)destinationPort << 16 | sourcePort, ip.IsIpv6)
            : new ConversationKey(sh, sl, dh, dl, (uint)sourcePort << 16 | destinationPort, ip.IsIpv6);
        if (!syn && _conversations.TryGetValue(key, out Initial initial))
        {
            known = true;
            return initial;
        }
        if (_conversations.Count >= MaxConversations && !_conversations.ContainsKey(key)) _conversations.Clear();
        initial = reverse ? new Initial(acknowledgment - 1, sequence) : new Initial(sequence, acknowledgment - 1);
        _conversations[key] = initial;
        known = false;
        return initial;
    }

    public void Clear() => _conversations.Clear();
}
