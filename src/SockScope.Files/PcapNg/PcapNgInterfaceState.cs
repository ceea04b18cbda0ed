using SockScope.Wire;

namespace SockScope.Files.PcapNg;

/// <summary>What the reader keeps of one Interface Description Block to convert timestamps.</summary>
/// <param name="LinkType">The interface's link type.</param>
/// <param name="SnapLength">0 means unlimited, as the pcapng specification says.</param>
/// <param name="Resolution">if_tsresol: top bit clear → units of 10^-n s, set → 2^-n s. Default 6 (microseconds).</param>
/// <param name="OffsetSeconds">if_tsoffset, added to every timestamp.</param>
internal readonly record struct PcapNgInterfaceState(LinkType LinkType, int SnapLength, byte Resolution, long OffsetSeconds)
{
    public bool IsNanosecondOrFiner => (Resolution & 0x80) == 0 ? Resolution >= 9 : (Resolution & 0x7F) >= 30;

    /// <summary>Converts a 64-bit count of resolution units to nanoseconds since the epoch (wrapping past year 2262).</summary>
    public long ToNanoseconds(ulong units)
    {
        int exponent = Resolution & 0x7F;
        ulong nanoseconds;
        if ((Resolution & 0x80) == 0)
        {
            if (exponent <= 9) nanoseconds = unchecked(units * PowerOfTen(9 - exponent));
            else if (exponent - 9 < 20) nanoseconds = units / PowerOfTen(exponent - 9);
            else nanoseconds = 0;
        }
        else
        {
            // units / 2^n seconds; 128-bit product so no precision is lost for n up to 127.
            nanoseconds = unchecked((ulong)(((UInt128)units * 1_000_000_000UL) >> exponent));
        }
        return unchecked((long)nanoseconds + OffsetSeconds * 1_000_000_000L);
    }

    private static ulong PowerOfTen(int n)
    {
        ulong value = 1;
        for (int i = 0; i < n; i++) value *= 10;
        return value;
    }
}
