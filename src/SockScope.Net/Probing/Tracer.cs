using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SockScope.Net.Interop;
using SockScope.Wire.Addresses;
using SockScope.Wire.Building;
using SockScope.Wire.Icmp;
using SockScope.Wire.Transport;

namespace SockScope.Net.Probing;

/// <summary>
/// Traceroute: probes with growing TTL and reads the ICMP errors routers send back. Each answer
/// is matched to its probe by the datagram the error quotes (UDP destination port, ICMP echo
/// identifier and sequence, or TCP source port), so unrelated ICMP traffic is ignored.
/// Errors are read on a raw ICMP socket, so this needs CAP_NET_RAW.
/// </summary>
public sealed class Tracer : IDisposable
{
    private const int UdpBasePort = 33434;
    private readonly IPAddress _destination;
    private readonly TracerouteOptions _options;
    private readonly bool _ipv6;
    private readonly Socket _icmp;
    private readonly Socket? _udp;
    private readonly Socket? _tcp;
    private readonly ushort _identifier = (ushort)Random.Shared.Next(1, 65536);
    private readonly ushort _localPort;
    private readonly Ipv4Address _source4;
    private readonly byte[] _payload;
    private readonly byte[] _sendBuffer = new byte[2048];
    private readonly byte[] _receiveBuffer = new byte[65536];
    private readonly List<Socket> _readable = [];
    private int _probeCounter;

    /// <summary>Opens the sockets a trace to <paramref name="destination"/> needs: a raw ICMP or ICMPv6 socket for the replies, and the probe socket of the chosen kind.</summary>
    /// <param name="destination">The host to trace; its address family picks IPv4 or IPv6.</param>
    /// <param name="options">Probe kind, packet length, ports, hops and timing; the defaults when null.</param>
    /// <exception cref="MissingPrivilegeException">Without CAP_NET_RAW (the replies need a raw socket).</exception>
    public Tracer(IPAddress destination, TracerouteOptions? options = null)
    {
        _options = options ?? new TracerouteOptions();
        _destination = destination;
        _ipv6 = destination.AddressFamily == AddressFamily.InterNetworkV6;
        AddressFamily family = destination.AddressFamily;
        int headers = (_ipv6 ? 40 : 20) + (_options.Kind == TraceProbeKind.Tcp ? SynOptionsLength + 20 : 8);
        int length = _options.PacketLength ?? (_ipv6 ? 80 : 60);
        _payload = new byte[Math.Max(0, length - headers)];
        for (int i = 0; i < _payload.Length; i++) _payload[i] = (byte)(0x40 + i % 32);
        if (_options.Kind == TraceProbeKind.Tcp) _payload = [];
        try
        {
            _icmp = new Socket(family, SocketType.Raw, _ipv6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            throw new MissingPrivilegeException("traceroute", Errno.EPERM, "CAP_NET_RAW", "run as root or `sudo setcap cap_net_raw+ep` on the program");
        }
        try
        {
            if (_options.Interface is not null) _icmp.BindToDevice(_options.Interface);
            _icmp.Bind(new IPEndPoint(_ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0)); // Socket wants a bound socket for ReceiveFrom
            switch (_options.Kind)
            {
                case TraceProbeKind.Udp:
                    _udp = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
                    if (_options.Interface is not null) _udp.BindToDevice(_options.Interface);
                    _udp.Bind(new IPEndPoint(_ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
                    _localPort = (ushort)((IPEndPoint)_udp.LocalEndPoint!).Port;
                    break;
                case TraceProbeKind.Tcp:
                    _tcp = new Socket(family, SocketType.Raw, ProtocolType.Tcp);
                    if (_options.Interface is not null) _tcp.BindToDevice(_options.Interface);
                    _tcp.Bind(new IPEndPoint(_ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
                    if (_ipv6)
                        _tcp.SetInt32(RawSocketInterop.SolIpv6, RawSocketInterop.Ipv6Checksum, 16); // the kernel fills the TCP checksum
                    else
                        _source4 = Ipv4Address.FromIPAddress(SourceAddress.Towards(destination, _options.Interface));
                    // Source ports for the probes: one per probe from a random base, so answers map back.
                    _localPort = (ushort)Random.Shared.Next(32768, 60000);
                    break;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        WarmUp();
    }

    /// <summary>
    /// Runs the receive path once with nothing to read, so that its first real use is not timed
    /// with just-in-time compilation in it (the first hop would read 10-30 ms too slow).
    /// </summary>
    private void WarmUp()
    {
        _readable.Clear();
        _readable.Add(_icmp);
        Socket.Select(_readable, null, null, 0);
        EndPoint from = new IPEndPoint(_ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        _icmp.Blocking = false;
        try
        {
            _icmp.ReceiveFrom(_receiveBuffer, ref from);
        }
        catch (SocketException)
        {
            // Nothing queued: what we expected.
        }
        finally
        {
            _icmp.Blocking = true;
        }
        _ = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp());
    }

    /// <summary>The host traced to.</summary>
    public IPAddress Destination => _destination;
    /// <summary>The options the tracer was made with.</summary>
    public TracerouteOptions Options => _options;
    /// <summary>Bytes per probe as traceroute prints it ("60 byte packets").</summary>
    public int PacketLength => (_ipv6 ? 40 : 20) + (_options.Kind == TraceProbeKind.Tcp ? 20 + SynOptionsLength : 8) + _payload.Length;

    /// <summary>The options a SYN from a current Linux carries, as traceroute -T sends them: 20 bytes.</summary>
    private static readonly TcpOption[] SynOptions =
        [TcpOption.MaximumSegmentSize(1460), TcpOption.SackPermitted, TcpOption.Timestamps(0, 0), TcpOption.NoOperation, TcpOption.WindowScale(7)];

    private const int SynOptionsLength = 20;

    /// <summary>Sends one probe with <paramref name="ttl"/> and waits for its answer or the timeout.</summary>
    public TraceProbeResult Probe(int ttl, int probe)
    {
        int n = _probeCounter++;
        ushort key;
        long started = Stopwatch.GetTimestamp();
        switch (_options.Kind)
        {
            case TraceProbeKind.Udp:
                key = (ushort)((_options.Port ?? UdpBasePort) + n);
                SetTtl(_udp!, ttl);
                Send(() => _udp!.SendTo(_payload, new IPEndPoint(_destination, key)));
                break;
            case TraceProbeKind.Icmp:
            {
                key = (ushort)(n + 1);
                var b = new PacketBuilder(_sendBuffer, _payload);
                EchoRequest.Prepend(ref b, _ipv6, _identifier, key);
                SetTtl(_icmp, ttl);
                byte[] packet = b.Written.ToArray();
                Send(() => _icmp.SendTo(packet, new IPEndPoint(_destination, 0)));
                break;
            }
            default:
            {
                key = (ushort)(_localPort + n);
                var b = new PacketBuilder(_sendBuffer);
                var syn = new TcpHeader(key, (ushort)(_options.Port ?? 80), TcpFlags.Syn)
                {
                    SequenceNumber = (uint)Random.Shared.Next(),
                    Window = 5840,
                    Options = SynOptions,
                };
                if (_ipv6)
                    b.PrependTcp(syn with { Checksum = 0 });
                else
                    b.PrependTcp(syn, _source4, Ipv4Address.FromIPAddress(_destination)); // a raw TCP socket adds only the IP header
                SetTtl(_tcp!, ttl);
                byte[] packet = b.Written.ToArray();
                Send(() => _tcp!.SendTo(packet, new IPEndPoint(_destination, 0)));
                break;
            }
        }
        long deadline = started + (long)(_options.Wait.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= deadline) return new TraceProbeResult(ttl, probe, null, TimeSpan.Zero, false, null);
            _readable.Clear();
            _readable.Add(_icmp);
            if (_tcp is not null) _readable.Add(_tcp);
            int micro = (int)Math.Min(int.MaxValue, (deadline - now) * 1_000_000 / Stopwatch.Frequency);
            Socket.Select(_readable, null, null, Math.Max(1, micro));
            foreach (Socket s in _readable)
            {
                EndPoint from = new IPEndPoint(_ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
                int length;
                try
                {
                    length = s.ReceiveFrom(_receiveBuffer, ref from);
                }
                catch (SocketException)
                {
                    continue;
                }
                TimeSpan rtt = Stopwatch.GetElapsedTime(started);
                IPAddress sender = ((IPEndPoint)from).Address;
                ReadOnlySpan<byte> data = _receiveBuffer.AsSpan(0, length);
                bool matched = s == _icmp
                    ? MatchIcmp(data, key, ref sender, out bool reached, out string? annotation)
                    : MatchTcp(data, key, ref sender, out reached, out annotation);
                if (matched) return new TraceProbeResult(ttl, probe, sender, rtt, reached, annotation);
            }
        }
    }

    private static void Send(Func<int> send)
    {
        try
        {
            send();
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.ConnectionRefused)
        {
            // A previous probe's error surfacing on this socket: the answer is read from the ICMP socket.
        }
        catch (SocketException e)
        {
            throw new NetOperationException("sendto", Errno.EINVAL, $"sendto: {e.Message}");
        }
    }

    /// <summary>
    /// An IPv4 raw socket hands over the datagram with its header (an IPv6 one without): takes the
    /// sender from it and returns what follows, which must hold <paramref name="minimum"/> bytes.
    /// </summary>
    private bool TryStripIpv4Header(ReadOnlySpan<byte> data, int minimum, scoped ref IPAddress sender, out ReadOnlySpan<byte> payload)
    {
        payload = data;
        if (_ipv6) return true;
        int ihl = data.Length < 20 ? 0 : (data[0] & 0x0F) << 2;
        if (ihl < 20 || data.Length < ihl + minimum) return false;
        sender = new IPAddress(data.Slice(12, 4));
        payload = data[ihl..];
        return true;
    }

    private bool MatchIcmp(ReadOnlySpan<byte> data, ushort key, ref IPAddress sender, out bool reached, out string? annotation)
    {
        reached = false;
        annotation = null;
        if (!TryStripIpv4Header(data, 8, ref sender, out ReadOnlySpan<byte> icmp) || icmp.Length < 8) return false;
        byte type = icmp[0], code = icmp[1];
        bool echoReply = _ipv6 ? type == (byte)Icmpv6Type.EchoReply : type == (byte)IcmpType.EchoReply;
        if (echoReply)
        {
            if (_options.Kind != TraceProbeKind.Icmp || BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) != _identifier
                || BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]) != key) return false;
            reached = true;
            return true;
        }
        bool timeExceeded = _ipv6 ? type == (byte)Icmpv6Type.TimeExceeded : type == (byte)IcmpType.TimeExceeded;
        bool unreachable = _ipv6 ? type == (byte)Icmpv6Type.DestinationUnreachable : type == (byte)IcmpType.DestinationUnreachable;
        if (!timeExceeded && !unreachable) return false;
        // The quoted datagram: our probe's IP header and at least 8 bytes of what followed it.
        if (!QuotedDatagram.TryRead(icmp[8..], _ipv6, out QuotedDatagram probe) || !new IPAddress(probe.Destination).Equals(_destination)) return false;
        ReadOnlySpan<byte> transport = probe.Transport;
        byte protocol = probe.Protocol;
        bool ours = _options.Kind switch
        {
            TraceProbeKind.Udp => protocol == 17 && BinaryPrimitives.ReadUInt16BigEndian(transport) == _localPort
                                  && BinaryPrimitives.ReadUInt16BigEndian(transport[2..]) == key,
            TraceProbeKind.Icmp => protocol == (_ipv6 ? 58 : 1) && transport[0] == (_ipv6 ? (byte)Icmpv6Type.EchoRequest : (byte)IcmpType.EchoRequest)
                                   && BinaryPrimitives.ReadUInt16BigEndian(transport[4..]) == _identifier
                                   && BinaryPrimitives.ReadUInt16BigEndian(transport[6..]) == key,
            _ => protocol == 6 && BinaryPrimitives.ReadUInt16BigEndian(transport) == key,
        };
        if (!ours) return false;
        if (unreachable)
        {
            bool portUnreachable = _ipv6 ? code == 4 : code == 3;
            if (portUnreachable && sender.Equals(_destination))
                reached = true;
            else
                annotation = Annotation(code);
        }
        return true;
    }

    /// <summary>traceroute's marks for unreachable codes.</summary>
    private string Annotation(byte code) => _ipv6
        ? code switch { 0 => "!N", 1 => "!X", 3 => "!H", 4 => "!P", 5 => "!S", 6 => "!X", _ => $"!<{code}>" }
        : code switch
        {
            0 => "!N", 1 => "!H", 2 => "!P", 3 => "!P", 4 => "!F", 5 => "!S", 9 or 10 or 13 => "!X",
            14 => "!V", 15 => "!C", _ => $"!<{code}>",
        };

    private bool MatchTcp(ReadOnlySpan<byte> data, ushort key, ref IPAddress sender, out bool reached, out string? annotation)
    {
        reached = false;
        annotation = null;
        if (!TryStripIpv4Header(data, 20, ref sender, out ReadOnlySpan<byte> tcp) || tcp.Length < 20 || !sender.Equals(_destination)) return false;
        if (BinaryPrimitives.ReadUInt16BigEndian(tcp) != (_options.Port ?? 80) || BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]) != key) return false;
        var flags = (TcpFlags)tcp[13];
        if ((flags & (TcpFlags.Syn | TcpFlags.Rst)) == 0) return false;
        reached = true;
        return true;
    }

    private void SetTtl(Socket socket, int ttl) =>
        socket.SetInt32(_ipv6 ? RawSocketInterop.SolIpv6 : RawSocketInterop.SolIp, _ipv6 ? RawSocketInterop.Ipv6UnicastHops : RawSocketInterop.IpTtl, ttl);

    /// <summary>Closes the trace's sockets.</summary>
    public void Dispose()
    {
        _icmp?.Dispose();
        _udp?.Dispose();
        _tcp?.Dispose();
    }
}
