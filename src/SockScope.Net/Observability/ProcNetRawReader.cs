using System.Globalization;
using System.Net;
using SockScope.Net.Netlink;

namespace SockScope.Net.Observability;

/// <summary>
/// Raw IP sockets from /proc/net/raw and /proc/net/raw6, for kernels built without raw_diag
/// (sock_diag then answers ENOENT for IPPROTO_RAW; ss falls back the same way). Addresses are
/// printed there as 32-bit words in host order; the local "port" is the IP protocol.
/// </summary>
internal static class ProcNetRawReader
{
    public static void Read(bool ipv6, List<SocketInfo> into, uint states, string procNet = "/proc/net")
    {
        string path = Path.Combine(procNet, ipv6 ? "raw6" : "raw");
        if (!File.Exists(path)) return;
        bool header = true;
        foreach (string line in File.ReadLines(path))
        {
            if (header)
            {
                header = false;
                continue;
            }
            if (TryParse(line, out InetSocketInfo? socket) && (states & (1u << (int)socket!.State)) != 0) into.Add(socket);
        }
    }

    public static bool TryParse(string line, out InetSocketInfo? socket)
    {
        socket = null;
        string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
        if (f.Length < 10) return false;
        if (!TryEndpoint(f[1], out IPAddress? local, out int protocol) || !TryEndpoint(f[2], out IPAddress? remote, out int remotePort)) return false;
        if (!byte.TryParse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte state)) return false;
        string[] queues = f[4].Split(':');
        if (queues.Length != 2
            || !uint.TryParse(queues[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint tx)
            || !uint.TryParse(queues[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint rx)
            || !uint.TryParse(f[7], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid)
            || !uint.TryParse(f[9], NumberStyles.None, CultureInfo.InvariantCulture, out uint inode)) return false;
        socket = new InetSocketInfo
        {
            Kind = SocketKind.Raw,
            State = (SocketState)state,
            LocalAddress = local!,
            LocalPort = protocol,
            RemoteAddress = remote!,
            RemotePort = remotePort,
            Protocol = protocol,
            ReceiveQueue = rx,
            SendQueue = tx,
            Uid = uid,
            Inode = inode,
        };
        return true;
    }

    private static bool TryEndpoint(string text, out IPAddress? address, out int port)
    {
        address = null;
        port = 0;
        int colon = text.IndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out port)) return false;
        ReadOnlySpan<char> hex = text.AsSpan(0, colon);
        if (hex.Length is not (8 or 32)) return false;
        Span<byte> bytes = stackalloc byte[hex.Length / 2];
        for (int word = 0; word < hex.Length / 8; word++)
        {
            if (!uint.TryParse(hex.Slice(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint value)) return false;
            // Each word is the in-memory (network order) address read as a little-endian integer.
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes[(word * 4)..], value);
        }
        address = new IPAddress(bytes);
        return true;
    }
}
