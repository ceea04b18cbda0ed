using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>
/// What System.Net.Sockets cannot do for raw and ICMP sockets: recvmsg with control messages
/// (kernel receive timestamps, TTL and hop limit, the IP_RECVERR error queue) and poll for
/// POLLERR. Structs are nested here, with sizes asserted against the kernel's in the tests.
/// </summary>
internal static unsafe partial class RawSocketInterop
{
    public const int SolSocket = 1;
    public const int SolIp = 0;
    public const int SolIpv6 = 41;
    public const int SolRaw = 255;
    public const int SolIcmpv6 = 58;

    public const int SoTimestampNs = 35;     // also the control message type SCM_TIMESTAMPNS
    public const int SoBindToDevice = 25;
    public const int IpTtl = 2;              // socket option, and the control message type IP_RECVTTL delivers
    public const int IpTos = 1;
    public const int IpRecvErr = 11;
    public const int IpRecvTtl = 12;
    public const int IcmpFilter = 1;         // SOL_RAW option: bit mask of ICMP types to drop
    public const int Icmp6Filter = 1;        // SOL_ICMPV6 option: 256-bit block mask
    public const int Ipv6Checksum = 7;
    public const int Ipv6UnicastHops = 16;
    public const int Ipv6RecvErr = 25;
    public const int Ipv6RecvHopLimit = 51;
    public const int Ipv6HopLimit = 52;
    public const int Ipv6TrafficClass = 67;

    public const int MsgDontWait = 0x40;
    public const int MsgTruncated = 0x20;
    public const int MsgErrQueue = 0x2000;

    public const byte ErrorOriginIcmp = 2;
    public const byte ErrorOriginIcmp6 = 3;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ControlMessageHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>struct sock_extended_err; the offending router's sockaddr follows it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ExtendedError
    {
        public uint Errno;
        public byte Origin;
        public byte Type;
        public byte Code;
        public byte Pad;
        public uint Info;
        public uint Data;
    }

    [LibraryImport(LibC.Name, EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(int socket, MessageHeader* message, int flags);

    /// <summary>Space a control message with <paramref name="dataLength"/> bytes takes (CMSG_SPACE).</summary>
    public static int ControlSpace(int dataLength) => (sizeof(ControlMessageHeader) + dataLength + 7) & ~7;

    /// <summary>
    /// One recvmsg. Returns the byte count, or the negated errno (EAGAIN when nothing waits).
    /// </summary>
    public static int Receive(SafeHandle socket, Span<byte> data, Span<byte> name, Span<byte> control, int flags,
        out int nameLength, out int controlLength, out int messageFlags)
    {
        using var fd = new BorrowedDescriptor(socket);
        fixed (byte* d = data)
        fixed (byte* n = name)
        fixed (byte* c = control)
        {
            var iov = new IoVec { Base = d, Length = (nuint)data.Length };
            var message = new MessageHeader
            {
                Name = n,
                NameLength = (uint)name.Length,
                Iov = &iov,
                IovLength = 1,
                Control = c,
                ControlLength = (nuint)control.Length,
            };
            nint result = RecvMsg(fd.Value, &message, flags);
            if (result < 0)
            {
                nameLength = controlLength = messageFlags = 0;
                return -(int)LibC.LastErrno();
            }
            nameLength = (int)message.NameLength;
            controlLength = (int)message.ControlLength;
            messageFlags = message.Flags;
            return (int)result;
        }
    }
}

internal static partial class RawSocketInterop
{
    [LibraryImport(LibC.Name, EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint IfNameToIndex(string name);

    /// <summary>The interface index of a name in the current network namespace, or 0 when there is none.</summary>
    public static int InterfaceIndex(string name) => name.Length is 0 or > 15 ? 0 : (int)IfNameToIndex(name);

    [LibraryImport(LibC.Name, EntryPoint = "if_indextoname", SetLastError = true)]
    private static unsafe partial byte* IfIndexToName(uint index, byte* name);

    /// <summary>The name of interface <paramref name="index"/> in the current network namespace, or null when there is none.</summary>
    public static unsafe string? InterfaceName(int index)
    {
        const int IF_NAMESIZE = 16;
        byte* name = stackalloc byte[IF_NAMESIZE];
        return index <= 0 || IfIndexToName((uint)index, name) is null ? null : new string((sbyte*)name);
    }
}
