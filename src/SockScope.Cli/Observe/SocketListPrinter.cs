using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SockScope.Net.Netlink;
using SockScope.Net.Observability;
using SockScope.Wire.Formatting;

namespace SockScope.Cli.Observe;

/// <summary>Prints a socket listing in ss's columns (Netid State Recv-Q Send-Q Local Peer Process).</summary>
internal sealed class SocketListPrinter(bool numeric, bool showNetId, bool showState, bool showProcess, IReadOnlyDictionary<int, string> interfaceNames)
{
    private readonly ServiceNames? _names = numeric ? null : ServiceNames.Load();
    // Listings repeat a few addresses and ports thousands of times: format each once.
    private readonly Dictionary<IPAddress, string> _addressText = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(int, string), string> _portText = [];
    private readonly string[] _numbers = Enumerable.Range(0, 256).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    private string Number(uint value) => value < (uint)_numbers.Length ? _numbers[value] : value.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Row(string NetId, string State, string ReceiveQueue, string SendQueue,
        string LocalAddress, string LocalPort, string PeerAddress, string PeerPort, string Process, char Separator = ':', char PeerSeparator = ':');

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Write(SocketListing listing, Stream output)
    {
        var rows = new List<Row>(listing.Sockets.Count);
        foreach (SocketInfo socket in listing.Sockets)
            rows.Add(MakeRow(socket, listing.Owners));

        var header = new Row("Netid", "State", "Recv-Q", "Send-Q", "Local Address", "Port", "Peer Address", "Port", "Process");
        int netId = header.NetId.Length, state = header.State.Length, rq = header.ReceiveQueue.Length, sq = header.SendQueue.Length;
        int la = 0, lp = 0, pa = 0, pp = 0;
        foreach (Row r in rows)
        {
            netId = Math.Max(netId, r.NetId.Length);
            state = Math.Max(state, r.State.Length);
            rq = Math.Max(rq, r.ReceiveQueue.Length);
            sq = Math.Max(sq, r.SendQueue.Length);
            la = Math.Max(la, r.LocalAddress.Length);
            lp = Math.Max(lp, r.LocalPort.Length);
            pa = Math.Max(pa, r.PeerAddress.Length);
            pp = Math.Max(pp, r.PeerPort.Length);
        }
        // The address:port header spans both halves, like ss.
        int localWidth = Math.Max(la + 1 + lp, "Local Address:Port".Length);
        la = localWidth - 1 - lp;
        int peerWidth = Math.Max(pa + 1 + pp, "Peer Address:Port".Length);
        pa = peerWidth - 1 - pp;

        using var text = new Utf8Builder(Math.Max(64 * 1024, rows.Count * 120));
        if (showNetId) Pad(text, "Netid", netId).Append(' ');
        if (showState) Pad(text, "State", state).Append(' ');
        Pad(text, "Recv-Q", rq).Append(' ');
        Pad(text, "Send-Q", sq).Append(' ');
        PadLeft(text, "Local Address:Port", localWidth).Append(' ');
        PadLeft(text, "Peer Address:Port", peerWidth).Append(' ');
        text.Append("Process");
        TrimLine(text);
        foreach (Row r in rows)
        {
            if (showNetId) Pad(text, r.NetId, netId).Append(' ');
            if (showState) Pad(text, r.State, state).Append(' ');
            Pad(text, r.ReceiveQueue, rq).Append(' ');
            Pad(text, r.SendQueue, sq).Append(' ');
            PadLeft(text, r.LocalAddress, la).Append(r.Separator);
            Pad(text, r.LocalPort, lp).Append(' ');
            PadLeft(text, r.PeerAddress, pa).Append(r.PeerSeparator);
            Pad(text, r.PeerPort, pp).Append(' ');
            if (showProcess) text.Append(r.Process);
            TrimLine(text);
            if (text.Length > 1 << 20)
            {
                output.Write(text.WrittenSpan);
                text.Clear();
            }
        }
        output.Write(text.WrittenSpan);
        output.Flush();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Row MakeRow(SocketInfo socket, SocketOwners owners)
    {
        string process = showProcess ? Users(owners.Of(socket.Inode)) : "";
        string rq = Number(socket.ReceiveQueue);
        string sq = Number(socket.SendQueue);
        switch (socket)
        {
            case InetSocketInfo inet:
            {
                string protocol = inet.Kind == SocketKind.Udp ? "udp" : "tcp";
                bool anyV6 = inet.LocalAddress.AddressFamily == AddressFamily.InterNetworkV6 && inet.LocalAddress.Equals(IPAddress.IPv6Any);
                string localPort = inet.Kind == SocketKind.Raw ? RawProtocol(inet.Protocol) : Port(inet.LocalPort, protocol);
                string peerPort = inet.Kind == SocketKind.Raw ? "*" : Port(inet.RemotePort, protocol);
                return new Row(socket.NetId, socket.StateName, rq, sq,
                    Address(inet.LocalAddress, inet.InterfaceIndex, anyV6), localPort,
                    Address(inet.RemoteAddress, 0, anyV6), peerPort, process);
            }
            case UnixSocketInfo unix:
                return new Row(socket.NetId, socket.StateName, rq, sq, unix.Path ?? "*", unix.Inode.ToString(CultureInfo.InvariantCulture),
                    "*", unix.PeerInode.ToString(CultureInfo.InvariantCulture), process, ' ', ' ');
            case PacketSocketInfo packet:
                return new Row(socket.NetId, socket.StateName, rq, sq, SocketConstantNames.EtherTypeShort(packet.EtherType),
                    packet.InterfaceIndex == 0 ? "*" : InterfaceName(packet.InterfaceIndex), "*", "", process, ':', ' ');
            default:
                return new Row(socket.NetId, socket.StateName, rq, sq, "?", "?", "?", "?", process);
        }
    }

    private string InterfaceName(uint index) =>
        interfaceNames.TryGetValue((int)index, out string? name) ? name : index.ToString(CultureInfo.InvariantCulture);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private string Address(IPAddress address, uint interfaceIndex, bool dualStackAny)
    {
        string text;
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && dualStackAny && address.Equals(IPAddress.IPv6Any))
            text = "*";
        else if (!_addressText.TryGetValue(address, out text!))
            _addressText[address] = text = address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
        return interfaceIndex != 0 ? text + "%" + InterfaceName(interfaceIndex) : text;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private string Port(int port, string protocol)
    {
        if (port == 0) return "*";
        if (_portText.TryGetValue((port, protocol), out string? text)) return text;
        return _portText[(port, protocol)] = _names?.Service(port, protocol) ?? port.ToString(CultureInfo.InvariantCulture);
    }

    private string RawProtocol(int protocol) =>
        _names?.Protocol(protocol) ?? protocol.ToString(CultureInfo.InvariantCulture);

    /// <summary>ss -p's users:(("name",pid=1,fd=3),...) column.</summary>
    public static string Users(IReadOnlyList<SocketOwner> owners)
    {
        if (owners.Count == 0) return "";
        var text = new StringBuilder("users:(");
        for (int i = 0; i < owners.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append("(\"").Append(owners[i].Command).Append("\",pid=").Append(owners[i].Pid.ToString(CultureInfo.InvariantCulture))
                .Append(",fd=").Append(owners[i].Fd.ToString(CultureInfo.InvariantCulture)).Append(')');
        }
        return text.Append(')').ToString();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static Utf8Builder Pad(Utf8Builder text, string value, int width)
    {
        text.Append(value);
        for (int i = value.Length; i < width; i++) text.Append((byte)' ');
        return text;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static Utf8Builder PadLeft(Utf8Builder text, string value, int width)
    {
        for (int i = value.Length; i < width; i++) text.Append((byte)' ');
        return text.Append(value);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void TrimLine(Utf8Builder text)
    {
        int end = text.Length;
        ReadOnlySpan<byte> written = text.WrittenSpan;
        while (end > 0 && written[end - 1] == (byte)' ') end--;
        text.Truncate(end);
        text.Append((byte)'\n');
    }
}
