using System.Net;
using System.Net.Sockets;

namespace SockScope.Wire.Addresses;

/// <summary>What <see cref="Ipv4Address"/> and <see cref="Ipv6Address"/> need to meet <see cref="IPAddress"/> at the API edge.</summary>
internal interface IIpAddress<TSelf> where TSelf : struct, IIpAddress<TSelf>
{
    /// <summary>InterNetwork or InterNetworkV6: it also says the byte count and the name in messages.</summary>
    static abstract AddressFamily Family { get; }
    static abstract TSelf Read(ReadOnlySpan<byte> source);
    static abstract bool TryParse(ReadOnlySpan<char> text, out TSelf address);
    void Write(Span<byte> destination);
}

/// <summary>Parsing with an exception, and conversion to and from <see cref="IPAddress"/>, written once for both IP versions.</summary>
internal static class IpAddressEdge
{
    private const int MaxByteCount = 16;

    private static int ByteCount<T>() where T : struct, IIpAddress<T> => T.Family == AddressFamily.InterNetwork ? 4 : 16;

    private static string FamilyName<T>() where T : struct, IIpAddress<T> => T.Family == AddressFamily.InterNetwork ? "IPv4" : "IPv6";

    public static T Parse<T>(string text) where T : struct, IIpAddress<T> =>
        T.TryParse(text, out T address) ? address : throw new FormatException($"'{text}' is not an {FamilyName<T>()} address");

    public static IPAddress ToIPAddress<T>(T address) where T : struct, IIpAddress<T>
    {
        Span<byte> bytes = stackalloc byte[MaxByteCount];
        address.Write(bytes);
        return new IPAddress(bytes[..ByteCount<T>()]);
    }

    public static T FromIPAddress<T>(IPAddress address) where T : struct, IIpAddress<T>
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[MaxByteCount];
        if (address.AddressFamily != T.Family || !address.TryWriteBytes(bytes, out int written) || written != ByteCount<T>())
            throw new ArgumentException($"not an {FamilyName<T>()} address: {address}", nameof(address));
        return T.Read(bytes);
    }
}
