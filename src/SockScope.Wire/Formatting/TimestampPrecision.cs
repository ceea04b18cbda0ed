namespace SockScope.Wire.Formatting;

/// <summary>How many fractional digits a timestamp prints: tcpdump's <c>--time-stamp-precision</c>.</summary>
public enum TimestampPrecision
{
    /// <summary><c>micro</c> (the default): 6 digits; finer stamps are truncated, not rounded.</summary>
    Microseconds,
    /// <summary><c>nano</c>: 9 digits.</summary>
    Nanoseconds,
}
