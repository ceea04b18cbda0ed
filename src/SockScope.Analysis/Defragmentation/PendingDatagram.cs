using System.Buffers;

namespace SockScope.Analysis.Defragmentation;

/// <summary>Identifies the datagram a fragment belongs to: addresses, identification, and for IPv4 the protocol (RFC 791 / RFC 8200).</summary>
internal readonly record struct FragmentKey(ulong SourceHigh, ulong SourceLow, ulong DestinationHigh, ulong DestinationLow, uint Identification, byte Protocol, byte Version);

/// <summary>One incomplete datagram: its fragments' bytes placed at their offsets, and where they are. Pooled and reused.</summary>
internal sealed class PendingDatagram
{
    public FragmentKey Key;
    public long FirstSeen;
    public byte[] Data = [];
    public byte[] Header = [];
    public int HeaderLength;
    /// <summary>IPv6: offset in <see cref="Header"/> of the next-header byte that named the fragment header.</summary>
    public int NextHeaderField;
    /// <summary>IPv6: the protocol after the fragment header, from the first fragment.</summary>
    public byte UpperProtocol;
    public bool HaveFirst;
    /// <summary>Payload length once the last fragment (MF clear) was seen; -1 before.</summary>
    public int TotalLength = -1;
    /// <summary>Fragments as (offset, end), sorted by offset; may overlap only under the first-copy-wins IPv4 policy.</summary>
    public readonly List<(int Offset, int End)> Fragments = new(8);
    public PendingDatagram? Previous;
    public PendingDatagram? Next;

    public bool IsIpv6 => Key.Version == 6;

    public long HeldBytes => Data.Length + Header.Length;

    /// <summary>True when bytes 0..TotalLength are all present and the first fragment gave the header.</summary>
    public bool IsComplete
    {
        get
        {
            if (TotalLength < 0 || !HaveFirst) return false;
            int reach = 0;
            foreach ((int offset, int end) in Fragments)
            {
                if (offset > reach) return false;
                if (end > reach) reach = end;
            }
            return reach >= TotalLength;
        }
    }

    public void Reset(FragmentKey key, long firstSeen)
    {
        Key = key;
        FirstSeen = firstSeen;
        HeaderLength = 0;
        NextHeaderField = 0;
        UpperProtocol = 0;
        HaveFirst = false;
        TotalLength = -1;
        Fragments.Clear();
        Previous = Next = null;
    }

    public void ReturnBuffers()
    {
        if (Data.Length > 0) ArrayPool<byte>.Shared.Return(Data);
        if (Header.Length > 0) ArrayPool<byte>.Shared.Return(Header);
        Data = [];
        Header = [];
    }
}
