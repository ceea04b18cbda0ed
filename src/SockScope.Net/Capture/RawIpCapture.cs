using SockScope.Filter;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SockScope.Net.Interop;
using SockScope.Wire;

namespace SockScope.Net.Capture;

/// <summary>
/// Capture through a raw IP socket: IP datagrams, link type RAW. On Linux a
/// socket(AF_INET or AF_INET6, SOCK_RAW, protocol) sees the datagrams of that protocol that reach
/// this host; on Windows, SIO_RCVALL on a raw socket bound to an interface address sees all of
/// that interface's IPv4 traffic (the Winsock raw-socket path, where packet sockets do not exist).
/// </summary>
/// <remarks>
/// An IPv6 raw socket hands over the payload without the IPv6 header; the header is rebuilt
/// from the addresses the socket reports (hop limit and flow label unknown, left 0), so
/// decoders still see a whole datagram. No kernel drop counters exist on this path.
/// </remarks>
public sealed class RawIpCapture : ILiveCapture
{
    private BpfProgram? _userFilter;
    private const int Ipv6HeaderLength = 40;
    private readonly Socket _socket;
    private readonly byte[] _buffer;
    private readonly bool _ipv6;
    private readonly int _protocol;
    private long _captured;
    private EndPoint _anyRemote;

    private RawIpCapture(Socket socket, string interfaceName, int snapLength, bool ipv6, int protocol)
    {
        _socket = socket;
        InterfaceName = interfaceName;
        SnapLength = snapLength;
        _ipv6 = ipv6;
        _protocol = protocol;
        _buffer = GC.AllocateUninitializedArray<byte>(65536 + Ipv6HeaderLength, pinned: true);
        _anyRemote = new IPEndPoint(ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
    }

    /// <inheritdoc/>
    public LinkType LinkType => LinkType.Raw;
    /// <inheritdoc/>
    public int SnapLength { get; }
    /// <inheritdoc/>
    public string InterfaceName { get; }

    /// <summary>True when this capture uses Windows' SIO_RCVALL.</summary>
    public bool IsReceiveAll { get; private init; }

    /// <summary>A raw socket for one IP protocol (ICMP, TCP, UDP ... by number) on IPv4 or IPv6.</summary>
    public static RawIpCapture Open(AddressFamily family, ProtocolType protocol, int snapLength = CaptureOptions.DefaultSnapLength)
    {
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException("raw IP capture needs IPv4 or IPv6", nameof(family));
        Socket socket = CreateRaw(family, protocol);
        bool ipv6 = family == AddressFamily.InterNetworkV6;
        if (ipv6) socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
        return new RawIpCapture(socket, ipv6 ? "ip6" : "ip", snapLength, ipv6, (int)protocol);
    }

    /// <summary>Windows: every IPv4 datagram of the interface holding <paramref name="interfaceAddress"/> (SIO_RCVALL).</summary>
    public static RawIpCapture OpenReceiveAll(IPAddress interfaceAddress, string interfaceName, int snapLength = CaptureOptions.DefaultSnapLength)
    {
        if (!OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("SIO_RCVALL is a Winsock control; on Linux capture uses packet sockets");
        Socket socket = CreateRaw(interfaceAddress.AddressFamily, ProtocolType.IP);
        try
        {
            socket.Bind(new IPEndPoint(interfaceAddress, 0));
            socket.IOControl(IOControlCode.ReceiveAll, ReceiveAllOn, new byte[4]);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Translate(e, "receive-all capture");
        }
        return new RawIpCapture(socket, interfaceName, snapLength, ipv6: false, (int)ProtocolType.IP) { IsReceiveAll = true };
    }

    /// <summary>RCVALL_ON as the 4-byte little-endian option value SIO_RCVALL takes.</summary>
    internal static byte[] ReceiveAllOn => [1, 0, 0, 0];

    private static Socket CreateRaw(AddressFamily family, ProtocolType protocol)
    {
        try
        {
            return new Socket(family, SocketType.Raw, protocol);
        }
        catch (SocketException e)
        {
            throw Translate(e, "capture");
        }
    }

    internal static NetOperationException Translate(SocketException e, string what) => e.SocketErrorCode switch
    {
        SocketError.AccessDenied => OperatingSystem.IsWindows()
            ? new MissingPrivilegeException(what, Errno.EACCES, "Administrator rights", "run it from an elevated prompt")
            : SyscallErrors.SocketCallFailed(what, Errno.EPERM),
        _ => new NetOperationException(what, (Errno)e.NativeErrorCode, $"{what}: {e.Message}"),
    };

    /// <inheritdoc/>
    public int Dispatch<THandler>(ref THandler handler, TimeSpan timeout) where THandler : struct, ICaptureHandler
    {
        int waitMicros = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, timeout.Ticks / 10);
        if (!_socket.Poll(waitMicros, SelectMode.SelectRead))
            return 0;
        int count = 0, received = 0;
        do
        {
            long now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
            int length = _ipv6 ? ReceiveIpv6() : _socket.Receive(_buffer, SocketFlags.None);
            if (length <= 0) break;
            var frame = new CapturedFrame(_buffer.AsSpan(0, Math.Min(length, SnapLength)), length, now,
                PacketDirection.Host, 0, _ipv6 ? (ushort)0x86DD : (ushort)0x0800, -1);
            if (CaptureFilter.Rejects(_userFilter, frame)) continue;
            _captured++;
            count++;
            if (!handler.OnFrame(frame)) break;
        }
        while (++received < 1024 && _socket.Available > 0);
        return count;
    }

    private int ReceiveIpv6()
    {
        SocketFlags flags = SocketFlags.None;
        int payload = _socket.ReceiveMessageFrom(_buffer.AsSpan(Ipv6HeaderLength), ref flags, ref _anyRemote, out IPPacketInformation info);
        Span<byte> h = _buffer.AsSpan(0, Ipv6HeaderLength);
        h.Clear();
        h[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(h[4..], (ushort)payload);
        h[6] = (byte)_protocol;
        ((IPEndPoint)_anyRemote).Address.TryWriteBytes(h[8..24], out _);
        info.Address?.TryWriteBytes(h[24..40], out _);
        return payload + Ipv6HeaderLength;
    }

    /// <inheritdoc/>
    public bool RequiresUserSpaceFilter { get; private set; }

    /// <inheritdoc/>
    public bool FiltersInUserSpace => _userFilter is not null;

    /// <inheritdoc/>
    public void SetFilter(BpfProgram program) => _userFilter = CaptureFilter.Attach(this, program);

    /// <inheritdoc/>
    public unsafe void SetFilter<TInstruction>(ReadOnlySpan<TInstruction> program) where TInstruction : unmanaged
    {
        _userFilter = null;
        ReadOnlySpan<SockFilter> instructions = CaptureFilter.AsSockFilters(program);
        // Winsock has no socket filters, and the kernel filter of an IPv6 raw socket sees no IPv6 header.
        RequiresUserSpaceFilter = !OperatingSystem.IsLinux() || _ipv6;
        if (RequiresUserSpaceFilter) return;
        fixed (SockFilter* p = instructions)
        {
            var fprog = new SockFprog { Length = (ushort)instructions.Length, Filter = p };
            _socket.SetRawSocketOption(LinuxSocketCalls.SOL_SOCKET, LinuxSocketCalls.SO_ATTACH_FILTER,
                new ReadOnlySpan<byte>(&fprog, sizeof(SockFprog)));
        }
    }

    /// <summary>Frames received (after the filter); a raw socket has no kernel drop counter.</summary>
    public CaptureStatistics ReadStatistics() => new(_captured, _captured, 0) { HasKernelCounters = false };

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();
}
