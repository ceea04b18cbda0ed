using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using SockScope.Net.Interop;

namespace SockScope.Net.Observability;

/// <summary>
/// Turns a <see cref="SocketCallEvent"/> into named arguments the way Tracee shows them
/// (family=AF_PACKET, type=SOCK_RAW|SOCK_NONBLOCK, protocol=ETH_P_ALL, addr={AF_INET, 10.0.0.1:80}),
/// and into one line of text.
/// </summary>
public static class SocketCallDecoder
{
    /// <summary>The arguments as (name, value text) pairs, in the syscall's order.</summary>
    public static List<(string Name, string Value)> Arguments(SocketCallEvent e)
    {
        long[] a = e.Arguments;
        string Int(long v) => ((int)v).ToString(CultureInfo.InvariantCulture);
        var list = new List<(string, string)>();
        switch (e.Syscall)
        {
            case WatchedSyscall.Socket:
                list.Add(("family", SocketConstantNames.Family((int)a[0])));
                list.Add(("type", SocketConstantNames.Type((int)a[1])));
                list.Add(("protocol", SocketConstantNames.Protocol((int)a[0], (int)a[2])));
                break;
            case WatchedSyscall.Bind or WatchedSyscall.Connect:
                list.Add(("fd", Int(a[0])));
                list.Add(("addr", e.Data.Length > 0 ? SocketAddress(e.Data) : "?"));
                list.Add(("addrlen", Int(a[2])));
                break;
            case WatchedSyscall.Listen:
                list.Add(("fd", Int(a[0])));
                list.Add(("backlog", Int(a[1])));
                break;
            case WatchedSyscall.Accept or WatchedSyscall.Accept4:
                list.Add(("fd", Int(a[0])));
                if (e.Syscall == WatchedSyscall.Accept4) list.Add(("flags", AcceptFlags((int)a[3])));
                if (e.Data.Length > 0) list.Add(("peer", SocketAddress(e.Data)));
                break;
            case WatchedSyscall.Setsockopt:
                list.Add(("fd", Int(a[0])));
                list.Add(("level", SocketConstantNames.SocketOptionLevel((int)a[1])));
                list.Add(("optname", SocketConstantNames.SocketOptionName((int)a[1], (int)a[2])));
                list.Add(("optval", OptionValue((int)a[1], (int)a[2], e.Data)));
                list.Add(("optlen", Int(a[4])));
                break;
        }
        return list;
    }

    /// <summary>"= 5", "= 0", "= -1 EACCES (permission denied)", or "= ?" when the exit was not seen.</summary>
    public static string ReturnText(SocketCallEvent e)
    {
        if (e.Return is not long r) return "= ?";
        if (r >= 0 || r < -4095) return "= " + r.ToString(CultureInfo.InvariantCulture);
        var errno = (Errno)(-r);
        string name = Enum.IsDefined(errno) ? errno.ToString() : "E" + (-r).ToString(CultureInfo.InvariantCulture);
        return $"= -1 {name} ({NetOperationException.Describe(errno)})";
    }

    /// <summary>The errno name of a failed call, null for success or when unknown.</summary>
    public static string? ErrorName(SocketCallEvent e) =>
        e.Return is long r && r < 0 && r >= -4095 ? (Enum.IsDefined((Errno)(-r)) ? ((Errno)(-r)).ToString() : "E" + (-r).ToString(CultureInfo.InvariantCulture)) : null;

    /// <summary>One line: 14:20:01.123456 pid=1234 tid=1234 uid=0 comm=python3 socket(family=AF_PACKET, ...) = 5</summary>
    public static string Line(SocketCallEvent e)
    {
        var text = new StringBuilder(160);
        text.Append(e.Time.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture))
            .Append(" pid=").Append(e.Pid.ToString(CultureInfo.InvariantCulture))
            .Append(" tid=").Append(e.Tid.ToString(CultureInfo.InvariantCulture))
            .Append(" uid=").Append(e.Uid?.ToString(CultureInfo.InvariantCulture) ?? "?")
            .Append(" comm=").Append(e.Command).Append(' ')
            .Append(WatchedSyscalls.Name(e.Syscall)).Append('(');
        List<(string Name, string Value)> args = Arguments(e);
        for (int i = 0; i < args.Count; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(args[i].Name).Append('=').Append(args[i].Value);
        }
        return text.Append(") ").Append(ReturnText(e)).ToString();
    }

    /// <summary>The family of the socket a call concerns: socket()'s argument or the sockaddr's family; null when unknown.</summary>
    public static int? Family(SocketCallEvent e) => e.Syscall switch
    {
        WatchedSyscall.Socket => (int)e.Arguments[0],
        _ when e.Data.Length >= 2 && e.Syscall is not WatchedSyscall.Setsockopt => BinaryPrimitives.ReadUInt16LittleEndian(e.Data),
        _ => null,
    };

    /// <summary>A struct sockaddr as {AF_INET, 127.0.0.1:80}, {AF_INET6, [::1]:443}, {AF_UNIX, /run/x}, {AF_PACKET, ETH_P_ALL, ifindex=2}.</summary>
    public static string SocketAddress(ReadOnlySpan<byte> sa)
    {
        if (sa.Length < 2) return "{}";
        int family = BinaryPrimitives.ReadUInt16LittleEndian(sa);
        string name = SocketConstantNames.Family(family);
        switch (family)
        {
            case SocketConstantNames.AF_INET when sa.Length >= 8:
                return $"{{{name}, {new IPAddress(sa.Slice(4, 4))}:{BinaryPrimitives.ReadUInt16BigEndian(sa[2..])}}}";
            case SocketConstantNames.AF_INET6 when sa.Length >= 24:
            {
                var address = new IPAddress(sa.Slice(8, 16));
                if (sa.Length >= 28 && BinaryPrimitives.ReadUInt32LittleEndian(sa[24..]) is uint scope and not 0) address.ScopeId = scope;
                return $"{{{name}, [{address}]:{BinaryPrimitives.ReadUInt16BigEndian(sa[2..])}}}";
            }
            case SocketConstantNames.AF_UNIX:
            {
                ReadOnlySpan<byte> path = sa[2..];
                if (path.Length == 0) return $"{{{name}, unnamed}}";
                if (path[0] == 0) return $"{{{name}, @{Encoding.UTF8.GetString(path[1..]).TrimEnd('\0')}}}";
                int end = path.IndexOf((byte)0);
                return $"{{{name}, {Encoding.UTF8.GetString(end < 0 ? path : path[..end])}}}";
            }
            case SocketConstantNames.AF_PACKET when sa.Length >= 8:
                return $"{{{name}, {SocketConstantNames.EtherType(BinaryPrimitives.ReadUInt16BigEndian(sa[2..]))}, ifindex={BinaryPrimitives.ReadInt32LittleEndian(sa[4..])}}}";
            case SocketConstantNames.AF_NETLINK when sa.Length >= 12:
                return $"{{{name}, pid={BinaryPrimitives.ReadUInt32LittleEndian(sa[4..])}, groups=0x{BinaryPrimitives.ReadUInt32LittleEndian(sa[8..]):x}}}";
            default:
                return $"{{{name}}}";
        }
    }

    private static string AcceptFlags(int flags)
    {
        if (flags == 0) return "0";
        var parts = new List<string>();
        if ((flags & SocketConstantNames.SOCK_NONBLOCK) != 0) parts.Add("SOCK_NONBLOCK");
        if ((flags & SocketConstantNames.SOCK_CLOEXEC) != 0) parts.Add("SOCK_CLOEXEC");
        int rest = flags & ~(SocketConstantNames.SOCK_NONBLOCK | SocketConstantNames.SOCK_CLOEXEC);
        if (rest != 0) parts.Add("0x" + rest.ToString("x", CultureInfo.InvariantCulture));
        return string.Join('|', parts);
    }

    private static string OptionValue(int level, int name, ReadOnlySpan<byte> value)
    {
        if (value.Length == 0) return "?";
        // SO_ATTACH_FILTER: struct sock_fprog { u16 len; struct sock_filter *filter; }
        if (level == 1 && name == 26 && value.Length >= 2)
            return $"{{len={BinaryPrimitives.ReadUInt16LittleEndian(value)} instructions}}";
        // PACKET_ADD_MEMBERSHIP: struct packet_mreq { int mr_ifindex; u16 mr_type; u16 mr_alen; u8 mr_address[8]; }
        if (level == 263 && name is 1 or 2 && value.Length >= 8)
            return $"{{ifindex={BinaryPrimitives.ReadInt32LittleEndian(value)}, type={SocketConstantNames.PacketMembershipType(BinaryPrimitives.ReadUInt16LittleEndian(value[4..]))}}}";
        return Convert.ToHexString(value);
    }
}
