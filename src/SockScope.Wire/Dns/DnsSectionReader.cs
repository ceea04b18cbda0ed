
namespace SockScope.Wire.Dns;

/// <summary>
/// An entry of a DNS message section (RFC 1035 section 4.1): an owner name, a fixed part, and a
/// variable part whose length the fixed part gives (a record's RDATA; none for a question).
/// </summary>
public interface IDnsSectionEntry<TSelf> where TSelf : IDnsSectionEntry<TSelf>, allows ref struct
{
    /// <summary>Bytes between the owner name and the variable part.</summary>
    static abstract int FixedLength { get; }

    /// <summary>The length of the variable part, read from <paramref name="fixedPart"/> (a record's RDLENGTH, 0 for a question).</summary>
    static abstract int VariableLength(ReadOnlySpan<byte> fixedPart);

    /// <summary>The entry, from parts already checked to lie inside the message.</summary>
    static abstract TSelf Create(int nameOffset, ReadOnlySpan<byte> fixedPart, int variableOffset, ReadOnlySpan<byte> variablePart);
}

/// <summary>
/// Iterates over the entries of a section (<see cref="DnsMessage.Questions"/>, <see cref="DnsMessage.Records"/>);
/// stops, with <see cref="Error"/> set, at the first entry that does not fit in the message.
/// </summary>
public ref struct DnsSectionReader<TEntry> where TEntry : IDnsSectionEntry<TEntry>, allows ref struct
{
    private readonly ReadOnlySpan<byte> _message;
    private int _remaining;

    internal DnsSectionReader(ReadOnlySpan<byte> message, int offset, int count)
    {
        _message = message;
        Offset = offset;
        _remaining = count;
    }

    /// <summary>Where the next entry (or the section after the last one) starts.</summary>
    public int Offset { get; private set; }
    /// <summary>Why reading stopped early: <see cref="WireError.Truncated"/> or a name error; <see cref="WireError.None"/> while entries are well formed.</summary>
    public WireError Error { get; private set; }

    /// <summary>Reads the next entry; false after the last one the header counts, or at the first malformed entry (then <see cref="Error"/> says why).</summary>
    public bool TryRead(out TEntry entry)
    {
        entry = default!;
        if (_remaining <= 0 || Error != WireError.None) return false;
        WireError e = DnsName.Skip(_message, Offset, out int fixedAt);
        int variableAt = fixedAt + TEntry.FixedLength;
        if (e == WireError.None && variableAt > _message.Length) e = WireError.Truncated;
        if (e != WireError.None) { Error = e; return false; }
        ReadOnlySpan<byte> fixedPart = _message[fixedAt..variableAt];
        int variableLength = TEntry.VariableLength(fixedPart);
        if (variableAt + variableLength > _message.Length) { Error = WireError.Truncated; return false; }
        entry = TEntry.Create(Offset, fixedPart, variableAt, _message.Slice(variableAt, variableLength));
        Offset = variableAt + variableLength;
        _remaining--;
        return true;
    }
}
