using SockScope.Wire;
using SockScope.Wire.Formatting;

namespace SockScope.Cli;

/// <summary>
/// The --json line format. The wire engineer's JsonPacketFormatter is not in this build yet:
/// <see cref="IsAvailable"/> is false and the commands refuse --json until it lands; then this
/// forwards to JsonPacketFormatter.Format.
/// </summary>
internal static class JsonOutput
{
    public static bool IsAvailable => false;

    public static void Format(Utf8Builder output, LinkType linkType, ReadOnlySpan<byte> data, int originalLength, long timestampNanoseconds, long frameNumber)
    {
        _ = output;
        _ = linkType;
        _ = data;
        _ = originalLength;
        _ = timestampNanoseconds;
        _ = frameNumber;
        throw new InvalidOperationException("JSON output is not available in this build yet");
    }
}
