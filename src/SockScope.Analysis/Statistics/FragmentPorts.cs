namespace SockScope.Analysis.Statistics;

/// <summary>
/// tshark reassembles IP fragments before it looks at the transport header, so TCP/UDP tables,
/// follow and the protocol hierarchy see a fragmented datagram once, on its last fragment. This
/// remembers what the first fragment's transport header said (keyed like a reassembly:
/// addresses, identification, protocol) and hands it out when the last fragment arrives. It is
/// not a reassembler: it keeps a few bytes per datagram and at most <see cref="Capacity"/> of them.
/// </summary>
public sealed class FragmentPorts
{
    /// <summary>Datagrams remembered at once; the oldest goes first beyond this.</summary>
    public const int Capacity = 4096;

    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly Queue<Key> _order = new();

    /// <summary>Identifies one fragmented datagram.</summary>
    /// <param name="Source">Sender.</param>
    /// <param name="Destination">Receiver.</param>
    /// <param name="Identification">IPv4 identification or IPv6 fragment identification.</param>
    public readonly record struct Key(StatAddress Source, StatAddress Destination, uint Identification);

    /// <summary>What the first fragment carried.</summary>
    /// <param name="Protocol">The upper-layer protocol name (tshark's: "tcp", "udp", "icmp", ...), or null.</param>
    /// <param name="SourcePort">TCP/UDP source port.</param>
    /// <param name="DestinationPort">TCP/UDP destination port.</param>
    public readonly record struct Entry(string? Protocol, ushort SourcePort, ushort DestinationPort);

    /// <summary>Remembers the first fragment of <paramref name="key"/>.</summary>
    public void Remember(Key key, Entry entry)
    {
        if (!_entries.ContainsKey(key))
        {
            _order.Enqueue(key);
            while (_order.Count > Capacity) _entries.Remove(_order.Dequeue());
        }
        _entries[key] = entry;
    }

    /// <summary>True when the first fragment of <paramref name="key"/> was seen and its datagram is not complete yet.</summary>
    public bool Contains(Key key) => _entries.ContainsKey(key);

    /// <summary>What the first fragment of <paramref name="key"/> carried, once, at the last fragment.</summary>
    public bool TryTake(Key key, out Entry entry) => _entries.Remove(key, out entry);
}
