namespace SockScope.Files;

/// <summary>Sizes shared by the readers and writers.</summary>
public static class PcapFormatLimits
{
    /// <summary>tcpdump's default snapshot length, and what a snaplen of 0 ("unlimited") is reported as.</summary>
    public const int DefaultSnapLength = 262144;
}
