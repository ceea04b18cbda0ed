namespace SockScope.Wire;

/// <summary>
/// Why a header view refused its bytes, or where a decoder stopped. Malformed input is data:
/// decoders return these values and formatters print tcpdump's <c>[|proto]</c> style markers.
/// </summary>
public enum WireError : byte
{
    /// <summary>Nothing wrong: the bytes were accepted.</summary>
    None = 0,
    /// <summary>The captured bytes end before the header or field does.</summary>
    Truncated,
    /// <summary>A version field holds a value this header cannot have (IPv4 version 6, ...).</summary>
    BadVersion,
    /// <summary>A header-length field is below the minimum or past the available bytes.</summary>
    BadHeaderLength,
    /// <summary>A total-length or payload-length field contradicts the header or the frame.</summary>
    BadLength,
    /// <summary>An option or extension is malformed (zero length, overruns its header, ...).</summary>
    BadOption,
    /// <summary>A checksum was verified on request and does not match.</summary>
    BadChecksum,
    /// <summary>Compression pointers or nested headers loop, or nest deeper than allowed.</summary>
    Loop,
    /// <summary>The bytes are well formed but this protocol or variant is not decoded.</summary>
    Unsupported,
}
