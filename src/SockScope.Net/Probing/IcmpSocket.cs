using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SockScope.Net.Interop;
using SockScope.Wire.Building;
using SockScope.Wire.Icmp;
using static SockScope.Net.Interop.RawSocketInterop;

namespace SockScope.Net.Probing;

/// <summary>
/// An ICMP or ICMPv6 socket that sends echo requests with one identifier and hands back only what
/// concerns them: echo replies with that identifier and errors quoting one of our requests.
/// Everything else that a raw socket sees (other pings, other programs' errors) is dropped here.
/// Not thread-safe: one sender and one receiver loop, or one thread doing both.
/// </summary>
public sealed class IcmpSocket : IDisposable
{
    private const int ReceiveBufferSize = 65536 + 64;
    private readonly Socket _socket;
    private readonly byte[] _sendBuffer = new byte[65536];
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private readonly byte[] _name = new byte[128];
    private readonly byte[] _control = new byte[512];
    private SocketAddress? _destination;

    private IcmpSocket(Socket socket, PingSocketKind kind, AddressFamily family)
    {
        _socket = socket;
        Kind = kind;
        Family = family;
    }

    /// <summary>Raw (CAP_NET_RAW) or datagram ("ping" socket, net.ipv4.ping_group_range).</summary>
    public PingSocketKind Kind { get; }
    /// <summary>IPv4 or IPv6.</summary>
    public AddressFamily Family { get; }
    /// <summary>True for an ICMPv6 socket.</summary>
    public bool IsIpv6 => Family == AddressFamily.InterNetworkV6;
    /// <summary>The identifier our echo requests carry (chosen by the kernel for datagram sockets).</summary>
    public ushort Identifier { get; private set; }
    /// <summary>The underlying socket, for options this class does not wrap.</summary>
    public Socket Socket => _socket;

    /// <summary>
    /// Opens a raw ICMP socket when the process may (CAP_NET_RAW), else a ping (datagram) socket;
    /// <paramref name="kind"/> forces one. Throws <see cref="MissingPrivilegeException"/> naming both ways to allow it.
    /// </summary>
    public static IcmpSocket Open(AddressFamily family, PingSocketKind? kind = null, IPAddress? source = null, string? device = null)
    {
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException("ICMP sockets are IPv4 or IPv6", nameof(family));
        ProtocolType protocol = family == AddressFamily.InterNetwork ? ProtocolType.Icmp : ProtocolType.IcmpV6;
        Socket? socket = null;
        PingSocketKind chosen = PingSocketKind.Raw;
        if (kind != PingSocketKind.Datagram)
        {
            try
            {
                socket = new Socket(family, SocketType.Raw, protocol);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AccessDenied or SocketError.ProtocolNotSupported or SocketError.SocketError)
            {
                if (kind == PingSocketKind.Raw)
                    throw new MissingPrivilegeException("raw ICMP socket", Errno.EPERM, "CAP_NET_RAW", "run as root or `sudo setcap cap_net_raw+ep` on the program");
            }
        }
        if (socket is null)
        {
            chosen = PingSocketKind.Datagram;
            try
            {
                socket = new Socket(family, SocketType.Dgram, protocol);
            }
            catch (SocketException)
            {
                throw new MissingPrivilegeException("ping", Errno.EACCES, "CAP_NET_RAW or a group in net.ipv4.ping_group_range",
                    "run as root, `sudo setcap cap_net_raw+ep` on the program, or `sudo sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"`");
            }
        }
        var icmp = new IcmpSocket(socket, chosen, family);
        try
        {
            icmp.Configure(source, device);
        }
        catch
        {
            icmp.Dispose();
            throw;
        }
        return icmp;
    }

    private void Configure(IPAddress? source, string? device)
    {
        SetInt(SolSocket, SoTimestampNs, 1);
        if (device is not null)
        {
            try
            {
                byte[] name = System.Text.Encoding.ASCII.GetBytes(device + "\0");
                _socket.SetRawSocketOption(SolSocket, SoBindToDevice, name);
            }
            catch (SocketException e)
            {
                throw new NetOperationException("SO_BINDTODEVICE", e.SocketErrorCode == SocketError.AccessDenied ? Errno.EPERM : Errno.ENODEV,
                    $"cannot bind to interface '{device}': {e.Message}");
            }
        }
        if (Kind == PingSocketKind.Raw)
        {
            Identifier = (ushort)Random.Shared.Next(1, 65536);
            if (IsIpv6)
            {
                SetInt(SolIpv6, Ipv6RecvHopLimit, 1);
                // ICMP6_FILTER: a set bit blocks the type. Let through echo replies and the four errors.
                Span<uint> filter = stackalloc uint[8];
                filter.Fill(uint.MaxValue);
                foreach (int t in (ReadOnlySpan<int>)[(int)Icmpv6Type.EchoReply, 1, 2, 3, 4])
                    filter[t >> 5] &= ~(1u << (t & 31));
                _socket.SetRawSocketOption(SolIcmpv6, Icmp6Filter, System.Runtime.InteropServices.MemoryMarshal.AsBytes(filter));
            }
            else
            {
                // ICMP_FILTER: a set bit drops the type. Keep echo reply, unreachable, quench, redirect, time exceeded, parameter problem.
                uint keep = 1u << 0 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 11 | 1u << 12;
                SetInt(SolRaw, IcmpFilter, (int)~keep);
            }
            if (source is not null) _socket.Bind(new IPEndPoint(source, 0));
        }
        else
        {
            if (IsIpv6)
            {
                SetInt(SolIpv6, Ipv6RecvHopLimit, 1);
                SetInt(SolIpv6, Ipv6RecvErr, 1);
            }
            else
            {
                SetInt(SolIp, IpRecvTtl, 1);
                SetInt(SolIp, IpRecvErr, 1);
            }
            _socket.Bind(new IPEndPoint(source ?? (IsIpv6 ? IPAddress.IPv6Any : IPAddress.Any), 0));
            Identifier = (ushort)((IPEndPoint)_socket.LocalEndPoint!).Port;
        }
    }

    private void SetInt(int level, int name, int value) => _socket.SetInt32(level, name, value);

    /// <summary>Sets the TTL (IPv4) or unicast hop limit (IPv6) of what we send.</summary>
    public void SetTtl(int ttl) => SetInt(IsIpv6 ? SolIpv6 : SolIp, IsIpv6 ? Ipv6UnicastHops : IpTtl, ttl);

    /// <summary>Sets the TOS byte (IPv4) or traffic class (IPv6).</summary>
    public void SetTrafficClass(int value) => SetInt(IsIpv6 ? SolIpv6 : SolIp, IsIpv6 ? Ipv6TrafficClass : IpTos, value);

    /// <summary>Fixes the destination of every echo request (of the socket's family).</summary>
    public void Connect(IPAddress destination)
    {
        if (destination.AddressFamily != Family) throw new ArgumentException("destination family differs from the socket's", nameof(destination));
        _destination = new IPEndPoint(destination, 0).Serialize();
        WarmUp();
    }

    /// <summary>
    /// Runs the send and receive paths once without sending anything, so that the first probe's
    /// time does not include just-in-time compilation (300 us and more). The kernel refuses
    /// MSG_OOB on raw and ping sockets (EOPNOTSUPP) before building a packet.
    /// </summary>
    private void WarmUp()
    {
        Span<byte> probe = stackalloc byte[IcmpHeader.Size];
        try
        {
            _socket.SendTo(probe, SocketFlags.OutOfBand, _destination!);
        }
        catch (SocketException)
        {
            // EOPNOTSUPP: what we asked for.
        }
        _ = DateTime.UtcNow.Ticks;
        TryReceiveQueued(out _);
    }

    /// <summary>Sends one echo request with our identifier; returns the send time in UTC ticks.</summary>
    public long SendEcho(ushort sequence, ReadOnlySpan<byte> data)
    {
        if (_destination is null) throw new InvalidOperationException("call Connect first");
        var builder = new PacketBuilder(_sendBuffer, data);
        EchoRequest.Prepend(ref builder, IsIpv6, Identifier, sequence);
        long ticks = DateTime.UtcNow.Ticks;
        try
        {
            _socket.SendTo(builder.Written, SocketFlags.None, _destination);
        }
        catch (SocketException e)
        {
            throw new NetOperationException("sendto", ToErrno(e), $"sendto: {e.Message}");
        }
        return ticks;
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> (0 = only what is queued) for a reply or an
    /// error about our probes. False on timeout.
    /// </summary>
    public bool TryReceive(int timeoutMilliseconds, out IcmpEvent received) =>
        TryReceive(TimeSpan.FromMilliseconds(timeoutMilliseconds), out received);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (to the microsecond; zero = only what is queued, without
    /// waiting) for a reply or an error about our probes. False on timeout.
    /// </summary>
    public bool TryReceive(TimeSpan timeout, out IcmpEvent received)
    {
        if (timeout <= TimeSpan.Zero) return TryReceiveQueued(out received);
        // Wait first, read after: right after a send the reply is rarely queued yet, and blocking at
        // once lets the kernel finish the round trip (softirq work deferred to ksoftirqd runs when
        // this thread sleeps), so a failed non-blocking read here would add its time to every RTT.
        long start = Stopwatch.GetTimestamp();
        long timeoutNs = timeout.Ticks * 100;
        while (true)
        {
            long leftNs = Math.Max(0, timeoutNs - (long)Stopwatch.GetElapsedTime(start).TotalNanoseconds);
            int events = Interop.Poll.WaitOnePrecise(_socket.SafeHandle, Interop.Poll.POLLIN | Interop.Poll.POLLERR, leftNs, out Errno pollError);
            if (events < 0 && pollError != Errno.EINTR)
                throw new NetOperationException("poll", pollError);
            if (events > 0 && TryReceiveQueued(out received)) return true;
            if (events == 0 && leftNs == 0)
            {
                received = default;
                return false;
            }
        }
    }

    /// <summary>Reads without waiting until something of ours turns up or nothing is left.</summary>
    private bool TryReceiveQueued(out IcmpEvent received)
    {
        while (true)
        {
            if (Kind == PingSocketKind.Datagram)
            {
                int e = RawSocketInterop.Receive(_socket.SafeHandle, _receiveBuffer, _name, _control, MsgDontWait | MsgErrQueue,
                    out int en, out int ec, out _);
                if (e >= 0)
                {
                    if (ParseQueuedError(_receiveBuffer.AsSpan(0, e), _control.AsSpan(0, ec), out received)) return true;
                    continue;
                }
            }
            int n = RawSocketInterop.Receive(_socket.SafeHandle, _receiveBuffer, _name, _control, MsgDontWait,
                out int nameLength, out int controlLength, out _);
            if (n < 0)
            {
                var errno = (Errno)(-n);
                received = default;
                if (errno is Errno.EAGAIN or Errno.EINTR) return false;
                // A ping socket reports an ICMP error once through recvmsg's errno, then on the error queue.
                if (Kind == PingSocketKind.Datagram) continue;
                throw new NetOperationException("recvmsg", errno);
            }
            if (Parse(_receiveBuffer.AsSpan(0, n), _name.AsSpan(0, nameLength), _control.AsSpan(0, controlLength), out received)) return true;
        }
    }

    private bool Parse(ReadOnlySpan<byte> data, ReadOnlySpan<byte> name, ReadOnlySpan<byte> control, out IcmpEvent received)
    {
        received = default;
        ReadControl(control, out int ttl, out long ticks, out _);
        ReadOnlySpan<byte> icmp = data;
        IPAddress from;
        if (!IsIpv6 && Kind == PingSocketKind.Raw)
        {
            // A raw IPv4 socket hands over the IP header too: TTL and source come from it.
            if (data.Length < 20) return false;
            int ihl = (data[0] & 0x0F) << 2;
            if (ihl < 20 || data.Length < ihl) return false;
            ttl = data[8];
            from = new IPAddress(data.Slice(12, 4));
            icmp = data[ihl..];
        }
        else
        {
            from = AddressFrom(name);
        }
        if (icmp.Length < 8) return false;
        byte type = icmp[0];
        byte code = icmp[1];
        byte echoReply = IsIpv6 ? (byte)Icmpv6Type.EchoReply : (byte)IcmpType.EchoReply;
        if (type == echoReply)
        {
            if (Kind == PingSocketKind.Raw && BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) != Identifier) return false;
            received = new IcmpEvent(IcmpEventKind.EchoReply, BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]), from, ttl, icmp.Length, type, code, 0, ticks);
            return true;
        }
        if (Kind != PingSocketKind.Raw || !IsErrorType(type)) return false;
        // An error quotes the start of the datagram that caused it: find our echo request in it.
        if (!QuotedDatagram.TryRead(icmp[8..], IsIpv6, out QuotedDatagram probe) || probe.Protocol != (IsIpv6 ? 58 : 1)) return false;
        ReadOnlySpan<byte> quotedIcmp = probe.Transport;
        if (quotedIcmp[0] != (IsIpv6 ? (byte)Icmpv6Type.EchoRequest : (byte)IcmpType.EchoRequest)) return false;
        if (BinaryPrimitives.ReadUInt16BigEndian(quotedIcmp[4..]) != Identifier) return false;
        uint info = BinaryPrimitives.ReadUInt32BigEndian(icmp[4..]);
        if (!IsIpv6 && type == 3) info &= 0xFFFF; // next-hop MTU lives in the low half
        received = new IcmpEvent(IcmpEventKind.Error, BinaryPrimitives.ReadUInt16BigEndian(quotedIcmp[6..]), from, ttl, icmp.Length, type, code, info, ticks);
        return true;
    }

    private bool ParseQueuedError(ReadOnlySpan<byte> original, ReadOnlySpan<byte> control, out IcmpEvent received)
    {
        received = default;
        ReadControl(control, out int ttl, out long ticks, out ReadOnlySpan<byte> extended);
        if (extended.Length < 16 || original.Length < 8) return false;
        byte origin = extended[4];
        if (origin is not (ErrorOriginIcmp or ErrorOriginIcmp6)) return false;
        byte type = extended[5];
        byte code = extended[6];
        uint info = BinaryPrimitives.ReadUInt32LittleEndian(extended[8..]);
        IPAddress from = extended.Length > 16 ? AddressFrom(extended[16..]) : (IsIpv6 ? IPAddress.IPv6None : IPAddress.None);
        received = new IcmpEvent(IcmpEventKind.Error, BinaryPrimitives.ReadUInt16BigEndian(original[6..]), from, ttl, original.Length, type, code, info, ticks);
        return true;
    }

    private static bool IsErrorType(byte type) => type is 1 or 2 or 3 or 4 or 5 or 11 or 12;

    private static IPAddress AddressFrom(ReadOnlySpan<byte> sockaddr)
    {
        ushort family = sockaddr.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(sockaddr) : (ushort)0;
        if (family == 2 && sockaddr.Length >= 8) return new IPAddress(sockaddr.Slice(4, 4));
        if (family == 10 && sockaddr.Length >= 24) return new IPAddress(sockaddr.Slice(8, 16));
        return IPAddress.None;
    }

    /// <summary>Walks the control messages: TTL or hop limit, kernel timestamp, extended error.</summary>
    private static void ReadControl(ReadOnlySpan<byte> control, out int ttl, out long ticks, out ReadOnlySpan<byte> extendedError)
    {
        ttl = -1;
        ticks = 0;
        extendedError = default;
        const int headerSize = 16;
        while (control.Length >= headerSize)
        {
            int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(control);
            int level = BinaryPrimitives.ReadInt32LittleEndian(control[8..]);
            int type = BinaryPrimitives.ReadInt32LittleEndian(control[12..]);
            if (length < headerSize || length > control.Length) break;
            ReadOnlySpan<byte> data = control[headerSize..length];
            if (level == SolSocket && type == SoTimestampNs && data.Length >= 16)
            {
                long seconds = BinaryPrimitives.ReadInt64LittleEndian(data);
                long nanoseconds = BinaryPrimitives.ReadInt64LittleEndian(data[8..]);
                ticks = DateTime.UnixEpoch.Ticks + seconds * TimeSpan.TicksPerSecond + nanoseconds / 100;
            }
            else if (((level == SolIp && type == IpTtl) || (level == SolIpv6 && type == Ipv6HopLimit)) && data.Length >= 4)
            {
                ttl = BinaryPrimitives.ReadInt32LittleEndian(data);
            }
            else if ((level == SolIp && type == IpRecvErr) || (level == SolIpv6 && type == Ipv6RecvErr))
            {
                extendedError = data;
            }
            int space = (length + 7) & ~7;
            if (space >= control.Length) break;
            control = control[space..];
        }
        if (ticks == 0) ticks = DateTime.UtcNow.Ticks;
    }

    private static Errno ToErrno(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.NetworkUnreachable => Errno.ENETUNREACH,
        SocketError.HostUnreachable => Errno.EHOSTUNREACH,
        SocketError.AccessDenied => Errno.EACCES,
        SocketError.MessageSize => Errno.EMSGSIZE,
        SocketError.NoBufferSpaceAvailable => Errno.ENOBUFS,
        SocketError.NetworkDown => Errno.ENETDOWN,
        _ => Errno.EINVAL,
    };

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();
}
