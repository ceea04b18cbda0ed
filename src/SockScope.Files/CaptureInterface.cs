using SockScope.Wire;

namespace SockScope.Files;

/// <summary>
/// An interface a capture file describes: pcap has exactly one, pcapng one per Interface
/// Description Block (ids count from 0 within each section).
/// </summary>
public sealed record CaptureInterface(LinkType LinkType, int SnapLength, string? Name = null, bool NanosecondResolution = false);
