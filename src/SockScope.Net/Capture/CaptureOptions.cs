namespace SockScope.Net.Capture;

/// <summary>What to capture and how: tcpdump's -i -s -p -Q -B, plus the ring's block timeout and fanout.</summary>
public sealed record CaptureOptions
{
    /// <summary>The capture everything pseudo-interface: all interfaces, cooked headers (LINUX_SLL2).</summary>
    public const string AnyInterface = "any";

    /// <summary>tcpdump's default snap length.</summary>
    public const int DefaultSnapLength = 262144;

    /// <summary>An interface name, or <see cref="AnyInterface"/>.</summary>
    public required string Interface { get; init; }

    /// <summary>Bytes kept of each frame (tcpdump -s; 0 means the default).</summary>
    public int SnapLength { get; init; } = DefaultSnapLength;

    /// <summary>Put the interface in promiscuous mode while capturing (tcpdump's default; -p turns it off).</summary>
    public bool Promiscuous { get; init; } = true;

    /// <summary>Which frames to keep by direction (tcpdump -Q).</summary>
    public CaptureDirection Direction { get; init; } = CaptureDirection.InOut;

    /// <summary>Size of the receive ring in bytes (tcpdump -B is in KiB). Rounded to whole blocks.</summary>
    public int RingBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Size of one ring block; 0 picks one from the ring size.</summary>
    public int BlockBytes { get; init; }

    /// <summary>
    /// How long the kernel may keep a block that holds packets but is not full before handing it
    /// over: the latency of a quiet link. Small values give immediate mode.
    /// </summary>
    public TimeSpan BlockTimeout { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Join this fanout group (several readers sharing one link); null for none.</summary>
    public ushort? FanoutGroup { get; init; }

    /// <summary>How the fanout group spreads packets, when <see cref="FanoutGroup"/> is set.</summary>
    public FanoutMode FanoutMode { get; init; } = FanoutMode.Hash;

    /// <summary>Put a VLAN tag the kernel stripped back into the frame (as libpcap does), so decodes match tcpdump's.</summary>
    public bool ReinsertVlanTags { get; init; } = true;

    /// <summary>True for the "any" pseudo-interface.</summary>
    public bool IsAnyInterface => string.Equals(Interface, AnyInterface, StringComparison.Ordinal);

    /// <summary>The snap length in force: <see cref="SnapLength"/>, or the default for 0.</summary>
    public int EffectiveSnapLength => SnapLength <= 0 ? DefaultSnapLength : SnapLength;
}
