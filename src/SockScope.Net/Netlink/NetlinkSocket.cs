using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SockScope.Net.Interop;

namespace SockScope.Net.Netlink;

/// <summary>
/// A netlink socket to the kernel and the one generic dump routine that every sock_diag family
/// and every rtnetlink table uses: send a request with NLM_F_DUMP, read datagrams until
/// NLMSG_DONE, hand each message to a sink while it is still in the receive buffer.
/// </summary>
public sealed unsafe class NetlinkSocket : IDisposable
{
    // The kernel fills each dump datagram up to about 32 KiB; a larger buffer lets it use more.
    private const int ReceiveBufferSize = 256 * 1024;
    private readonly FileDescriptorHandle _fd;
    private readonly byte[] _receive = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize, pinned: true);
    private uint _sequence;

    private NetlinkSocket(FileDescriptorHandle fd) => _fd = fd;

    /// <summary>NETLINK_ROUTE: links, addresses, routes, neighbours.</summary>
    public const int Route = NetlinkNative.NETLINK_ROUTE;
    /// <summary>NETLINK_SOCK_DIAG: inet_diag, unix_diag, packet_diag.</summary>
    public const int SockDiagProtocol = NetlinkNative.NETLINK_SOCK_DIAG;

    /// <summary>Opens a netlink socket of <paramref name="protocol"/> (NETLINK_ROUTE, NETLINK_SOCK_DIAG).</summary>
    public static NetlinkSocket Open(int protocol)
    {
        Errno errno = LinuxSocketCalls.Open(LinuxSocketCalls.AF_NETLINK, LinuxSocketCalls.SOCK_RAW | LinuxSocketCalls.SOCK_CLOEXEC, protocol, out FileDescriptorHandle fd);
        if (errno != Errno.None)
        {
            fd.Dispose();
            throw new NetOperationException("netlink socket", errno);
        }
        // Best effort: a smaller buffer or no extended acks only cost speed and detail.
        LinuxSocketCalls.SetOption(fd, LinuxSocketCalls.SOL_SOCKET, LinuxSocketCalls.SO_RCVBUF, 1 << 20);
        LinuxSocketCalls.SetOption(fd, NetlinkNative.SOL_NETLINK, NetlinkNative.NETLINK_EXT_ACK, 1);
        return new NetlinkSocket(fd);
    }

    /// <summary>
    /// Opens a netlink socket inside the network namespace /run/netns/NAME (as `ip netns exec`
    /// would). A socket stays in the namespace it was created in, so only the creating thread
    /// moves, and it moves back before it ends.
    /// </summary>
    public static NetlinkSocket Open(int protocol, string? networkNamespace) =>
        string.IsNullOrEmpty(networkNamespace) ? Open(protocol) : NetworkNamespaceThread.Run(networkNamespace, () => Open(protocol));

    /// <summary>Sends a dump request (nlmsghdr + <paramref name="body"/>) and feeds every reply message to <paramref name="sink"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Dump(ushort type, ReadOnlySpan<byte> body, INetlinkDumpSink sink, ushort extraFlags = 0)
    {
        uint sequence = ++_sequence;
        int length = NetlinkHeaderOffsets.Size + body.Length;
        Span<byte> request = length <= 512 ? stackalloc byte[length] : new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(request[NetlinkHeaderOffsets.Type..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(request[NetlinkHeaderOffsets.Flags..], (ushort)(NetlinkConstants.NLM_F_REQUEST | NetlinkConstants.NLM_F_DUMP | extraFlags));
        BinaryPrimitives.WriteUInt32LittleEndian(request[NetlinkHeaderOffsets.Sequence..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(request[NetlinkHeaderOffsets.PortId..], 0);
        body.CopyTo(request[NetlinkHeaderOffsets.Size..]);
        if (LinuxSocketCalls.Send(_fd, request, 0, out Errno sendError) < 0)
            throw new NetOperationException("netlink send", sendError);
        fixed (byte* buffer = _receive)
        {
            while (true)
            {
                nint received = LinuxSocketCalls.Receive(_fd, buffer, (nuint)_receive.Length, 0, out Errno errno);
                if (received < 0)
                {
                    if (errno == Errno.EINTR) continue;
                    throw new NetOperationException("netlink receive", errno);
                }
                if (received == 0) return;
                ReadOnlySpan<byte> datagram = new(buffer, (int)received);
                while (NetlinkMessage.TryRead(ref datagram, out NetlinkMessage message, out uint messageSequence))
                {
                    if (messageSequence != sequence) continue;
                    if (message.Type == NetlinkConstants.NLMSG_DONE)
                    {
                        // sock_diag puts the dump's error (ENOENT: no handler for that protocol) in DONE.
                        int status = message.Payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(message.Payload) : 0;
                        if (status < 0) throw new NetOperationException("netlink dump", (Errno)(-status));
                        return;
                    }
                    if (message.Type == NetlinkConstants.NLMSG_ERROR)
                    {
                        int error = message.Payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(message.Payload) : 0;
                        if (error == 0) return;
                        throw new NetOperationException("netlink dump", (Errno)(-error));
                    }
                    sink.OnMessage(message);
                }
            }
        }
    }

    /// <summary>Closes the netlink socket.</summary>
    public void Dispose() => _fd.Dispose();
}
