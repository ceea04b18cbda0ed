using SockScope.Wire.Ip;

namespace SockScope.Analysis.Services;

/// <summary>
/// Names a connection's application protocol from its payload, as Zeek's dynamic protocol
/// detection would write it into conn.log's service field. Feed it the transport payload of the
/// connection's packets (TCP segments as captured, UDP datagrams) with their direction; it looks
/// at the first <see cref="PayloadPacketsPerDirection"/> payload-bearing packets of each direction
/// (for TCP, within the first <see cref="TcpBytesPerDirection"/> bytes), within the first
/// <see cref="PacketsPerConnection"/> packets, and then stops (<see cref="IsDecided"/>): a small
/// value to keep per connection, no allocation.
/// </summary>
/// <remarks>
/// <para>Two kinds of evidence, as in Zeek. Protocols Zeek finds by signature on any port need both
/// sides where Zeek's signature does (ssl: a ClientHello from the originator and a ServerHello from
/// the responder; http: a request and an "HTTP/" status line; ssh: both version banners; ftp, smtp,
/// pop3: the client's command and the server's greeting). On the analyzer's well-known port the
/// client's side alone confirms, as Zeek's port-registered analyzer does (ssl on 443 confirms on a
/// valid ClientHello). Protocols Zeek finds by port only (dns, ntp, snmp) are named only on their
/// ports and only when the payload parses as that protocol; radius too (its header alone is too
/// weak a sign elsewhere); dhcp, dtls and quic are named by their payload on any port.</para>
/// <para>Not detected: whatever needs the analyzer to run deeper than the first packets (a
/// protocol that starts after many packets), tunnels, and services this type does not know (see
/// <see cref="ZeekService"/>). QUIC's Initial packets are not decrypted, so a QUIC connection is
/// "quic" where Zeek, which decrypts them and reads the TLS ClientHello inside, may write "quic,ssl".</para>
/// </remarks>
public struct ServiceDetector
{
    /// <summary>Payload-bearing packets examined per direction before detection gives up.</summary>
    public const int PayloadPacketsPerDirection = 4;

    /// <summary>
    /// Packets of the connection (with or without payload) after which detection gives up even when
    /// one direction sent nothing: a one-way stream or a bulk transfer answered by bare ACKs costs
    /// nothing per packet after these.
    /// </summary>
    public const int PacketsPerConnection = 32;

    /// <summary>
    /// TCP bytes examined per direction before detection gives up: Zeek's dpd_buffer_size (1024),
    /// past which its signatures stop matching (dpd_match_only_beginning).
    /// </summary>
    public const int TcpBytesPerDirection = 1024;

    private readonly IpProtocol _protocol;
    private readonly ushort _responderPort;
    private byte _originatorSeen, _responderSeen, _packets;
    private ushort _originatorBytes, _responderBytes;
    private ServiceHints _originatorHints, _responderHints;
    private ServiceSet _services;
    private bool _decided;

    /// <summary>A detector for one connection.</summary>
    /// <param name="protocol">The transport (TCP and UDP are examined; any other is decided at once, with no service).</param>
    /// <param name="responderPort">The responder's port (Zeek's id.resp_p): on an analyzer's well-known port one side's payload confirms (Zeek keys its port-registered analyzers on this port only).</param>
    public ServiceDetector(IpProtocol protocol, ushort responderPort)
    {
        _protocol = protocol;
        _responderPort = responderPort;
        _decided = protocol is not (IpProtocol.Tcp or IpProtocol.Udp);
    }

    /// <summary>True once a service is confirmed, both directions' first payloads were examined, or <see cref="PacketsPerConnection"/> packets went by: <see cref="Observe"/> does nothing more.</summary>
    public readonly bool IsDecided => _decided;

    /// <summary>The services confirmed so far, in the order of confirmation (empty: unknown, conn.log's "-").</summary>
    public readonly ServiceSet Services => _services;

    /// <summary>
    /// Examines one packet's transport payload (an empty one counts towards <see cref="PacketsPerConnection"/> only). Returns
    /// <see cref="IsDecided"/>: false while more packets may still tell.
    /// </summary>
    /// <param name="direction">Which side sent it.</param>
    /// <param name="payload">The TCP segment's data or the UDP datagram's payload, as captured (may be cut by the snap length).</param>
    public bool Observe(FlowDirection direction, ReadOnlySpan<byte> payload)
    {
        if (_decided) return true;
        if (++_packets >= PacketsPerConnection) _decided = true;
        bool fromOriginator = direction == FlowDirection.Originator;
        ref byte seen = ref fromOriginator ? ref _originatorSeen : ref _responderSeen;
        if (payload.IsEmpty || seen >= PayloadPacketsPerDirection) return _decided;
        seen++;
        ZeekService found;
        if (_protocol == IpProtocol.Tcp)
        {
            // The signatures read the start of each direction only: at most TcpBytesPerDirection bytes in all.
            ref ushort examined = ref fromOriginator ? ref _originatorBytes : ref _responderBytes;
            int room = TcpBytesPerDirection - examined;
            if (payload.Length >= room)
            {
                payload = payload[..room];
                seen = PayloadPacketsPerDirection;
            }
            examined += (ushort)payload.Length;
            ref ServiceHints hints = ref fromOriginator ? ref _originatorHints : ref _responderHints;
            hints |= ServiceSignatures.TcpHints(payload, fromOriginator, first: examined == payload.Length);
            found = ServiceSignatures.ConfirmTcp(_originatorHints, _responderHints, _responderPort);
        }
        else
        {
            found = ServiceSignatures.Udp(payload, _responderPort);
        }
        if (found != ZeekService.None)
        {
            _services = _services.Add(found);
            _decided = true;
        }
        else if (_originatorSeen >= PayloadPacketsPerDirection && _responderSeen >= PayloadPacketsPerDirection)
        {
            _decided = true;
        }
        return _decided;
    }

    /// <summary>
    /// The service of a single payload seen alone, with no connection state: what a UDP datagram
    /// (or, for TCP, a first segment whose protocol one side's payload confirms on its well-known
    /// port) is. <see cref="ZeekService.None"/> when one payload cannot tell.
    /// </summary>
    /// <param name="protocol">TCP or UDP.</param>
    /// <param name="direction">Which side sent it.</param>
    /// <param name="responderPort">The responder's port.</param>
    /// <param name="payload">The transport payload.</param>
    public static ZeekService Classify(IpProtocol protocol, FlowDirection direction, ushort responderPort, ReadOnlySpan<byte> payload)
    {
        var detector = new ServiceDetector(protocol, responderPort);
        detector.Observe(direction, payload);
        return detector._services.IsEmpty ? ZeekService.None : detector._services[0];
    }
}
