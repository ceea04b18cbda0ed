using SockScope.Files;

namespace SockScope.Cli;

/// <summary>
/// A record's time as tshark counts it, for the statistics that match tshark byte for byte. The
/// two differ only for a pcap record whose sub-second field is out of range (10^6 µs or more,
/// 10^9 ns or more): our reader keeps the whole seconds (and the raw digits for the tcpdump text),
/// while Wireshark's pcap reader adds the field as nanoseconds without normalising it, a
/// microsecond field multiplied by 1000 in 32-bit unsigned arithmetic (so 2^31 µs wraps to 0).
/// </summary>
internal static class TsharkTimestamp
{
    /// <summary>Nanoseconds since the epoch as tshark reads the record's time.</summary>
    public static long Of(in CaptureRecord record)
    {
        if (record.InvalidFraction < 0) return record.TimestampNanoseconds;
        uint fraction = (uint)record.InvalidFraction;
        uint nanoseconds = record.InvalidFractionInNanoseconds ? fraction : unchecked(fraction * 1000u);
        return record.TimestampNanoseconds + nanoseconds;
    }
}
