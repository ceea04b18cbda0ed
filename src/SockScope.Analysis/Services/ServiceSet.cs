using System.Text;

namespace SockScope.Analysis.Services;

/// <summary>
/// The services confirmed on one connection, in the order they were confirmed (conn.log's service
/// field, comma-separated). Holds up to <see cref="Capacity"/> services in one 32-bit value, so a
/// flow carries it without allocating.
/// </summary>
public readonly record struct ServiceSet
{
    /// <summary>The most services a set holds; further ones are ignored.</summary>
    public const int Capacity = 4;

    private readonly uint _packed;

    private ServiceSet(uint packed) => _packed = packed;

    /// <summary>The empty set (conn.log writes it as unset, "-").</summary>
    public static ServiceSet Empty => default;

    /// <summary>True when no service was confirmed.</summary>
    public bool IsEmpty => _packed == 0;

    /// <summary>How many services the set holds.</summary>
    public int Count
    {
        get
        {
            int n = 0;
            for (uint p = _packed; p != 0; p >>= 8) n++;
            return n;
        }
    }

    /// <summary>The service confirmed <paramref name="index"/>-th (0 first).</summary>
    public ZeekService this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return (ZeekService)(byte)(_packed >> (8 * index));
        }
    }

    /// <summary>True when <paramref name="service"/> is in the set.</summary>
    public bool Contains(ZeekService service)
    {
        for (uint p = _packed; p != 0; p >>= 8)
            if ((byte)p == (byte)service) return true;
        return false;
    }

    /// <summary>The set with <paramref name="service"/> appended (unchanged when present, full, or None).</summary>
    public ServiceSet Add(ZeekService service)
    {
        if (service == ZeekService.None || Contains(service)) return this;
        int count = Count;
        return count >= Capacity ? this : new ServiceSet(_packed | (uint)service << (8 * count));
    }

    /// <summary>Writes the names comma-separated as ASCII ("ssl,http"); returns the bytes written (0 for the empty set).</summary>
    /// <param name="destination">At least 32 bytes are always enough.</param>
    public int Format(Span<byte> destination)
    {
        int used = 0;
        for (uint p = _packed; p != 0; p >>= 8)
        {
            if (used > 0) destination[used++] = (byte)',';
            used += Encoding.ASCII.GetBytes(ZeekServiceNames.Name((ZeekService)(byte)p), destination[used..]);
        }
        return used;
    }

    /// <summary>The names comma-separated ("dns", "ssl,http"); empty for the empty set.</summary>
    public override string ToString()
    {
        Span<byte> text = stackalloc byte[64];
        return Encoding.ASCII.GetString(text[..Format(text)]);
    }
}
