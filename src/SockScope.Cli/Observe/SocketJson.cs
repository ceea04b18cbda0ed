using System.Net;
using System.Text.Json;
using SockScope.Net.Netlink;
using SockScope.Net.Observability;

namespace SockScope.Cli.Observe;

/// <summary>JSON for `sockets --json` and `sockets --sniffers --json`: one document, arrays of objects.</summary>
internal static class SocketJson
{
    public static void WriteListing(SocketListing listing, IReadOnlyDictionary<int, string> interfaceNames, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        JsonArrays.WriteObjects(json, "sockets", listing.Sockets, (json, socket) =>
        {
            WriteSocket(json, socket, interfaceNames);
            WriteOwners(json, listing.Owners.Of(socket.Inode));
        });
        WriteHidden(json, listing.Hidden);
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    public static void WriteSniffers(SnifferReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        JsonArrays.WriteObjects(json, "sniffers", report.Sniffers, static (json, s) =>
        {
            if (s.Owner is { } owner)
            {
                json.WriteNumber("pid", owner.Pid);
                json.WriteString("command", owner.Command);
                json.WriteNumber("fd", owner.Fd);
            }
            else
            {
                json.WriteNull("pid");
            }
            json.WriteString("interface", s.Interface);
            json.WriteBoolean("promiscuous", s.Promiscuous);
            WriteSocket(json, s.Socket, new Dictionary<int, string>());
            if (s.Filter.Count > 0)
                json.WriteString("filter_disassembly", FilterText.Disassemble(s.Filter));
        });
        JsonArrays.WriteObjects(json, "promiscuous_interfaces", report.PromiscuousInterfaces, static (json, link) =>
        {
            json.WriteString("name", link.Name);
            json.WriteNumber("index", link.Index);
            json.WriteNumber("promiscuity", link.Promiscuity);
        });
        WriteHidden(json, report.Hidden);
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteSocket(Utf8JsonWriter json, SocketInfo socket, IReadOnlyDictionary<int, string> names)
    {
        json.WriteString("netid", socket.NetId);
        json.WriteString("state", socket.StateName);
        json.WriteNumber("recv_q", socket.ReceiveQueue);
        json.WriteNumber("send_q", socket.SendQueue);
        json.WriteNumber("inode", socket.Inode);
        if (socket.Uid is { } uid) json.WriteNumber("uid", uid);
        switch (socket)
        {
            case InetSocketInfo inet:
                json.WriteString("family", inet.LocalAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "inet6" : "inet");
                json.WriteString("local_address", inet.LocalAddress.ToString());
                json.WriteNumber("local_port", inet.LocalPort);
                json.WriteString("peer_address", inet.RemoteAddress.ToString());
                json.WriteNumber("peer_port", inet.RemotePort);
                if (inet.Kind == SocketKind.Raw) json.WriteString("protocol", SocketConstantNames.IpProtocol(inet.Protocol));
                if (inet.InterfaceIndex != 0)
                    json.WriteString("interface", names.TryGetValue((int)inet.InterfaceIndex, out string? n) ? n : inet.InterfaceIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case UnixSocketInfo unix:
                if (unix.Path is not null) json.WriteString("path", unix.Path);
                else json.WriteNull("path");
                json.WriteNumber("peer_inode", unix.PeerInode);
                break;
            case PacketSocketInfo packet:
                json.WriteString("protocol", SocketConstantNames.EtherType(packet.EtherType));
                json.WriteNumber("interface_index", packet.InterfaceIndex);
                json.WriteNumber("tpacket_version", packet.TpacketVersion + 1);
                json.WriteBoolean("promiscuous", packet.Promiscuous);
                JsonArrays.WriteObjects(json, "memberships", packet.Memberships, static (json, m) =>
                {
                    json.WriteNumber("interface_index", m.InterfaceIndex);
                    json.WriteString("type", m.TypeName);
                    json.WriteNumber("count", m.Count);
                });
                if (packet.ReceiveRing is { } rx) WriteRing(json, "rx_ring", rx);
                if (packet.TransmitRing is { } tx) WriteRing(json, "tx_ring", tx);
                if (packet.Fanout is { } fanout)
                {
                    json.WriteStartObject("fanout");
                    json.WriteNumber("id", fanout & 0xFFFF);
                    json.WriteNumber("type", (fanout >> 16) & 0xFF);
                    json.WriteEndObject();
                }
                json.WriteStartArray("filter");
                foreach (ClassicBpfInstruction i in packet.Filter)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(i.Code);
                    json.WriteNumberValue(i.JumpTrue);
                    json.WriteNumberValue(i.JumpFalse);
                    json.WriteNumberValue(i.K);
                    json.WriteEndArray();
                }
                json.WriteEndArray();
                break;
        }
    }

    private static void WriteRing(Utf8JsonWriter json, string name, PacketRingGeometry ring)
    {
        json.WriteStartObject(name);
        json.WriteNumber("block_size", ring.BlockSize);
        json.WriteNumber("block_count", ring.BlockCount);
        json.WriteNumber("frame_size", ring.FrameSize);
        json.WriteNumber("frame_count", ring.FrameCount);
        json.WriteNumber("retire_timeout_ms", ring.RetireTimeoutMs);
        json.WriteEndObject();
    }

    private static void WriteOwners(Utf8JsonWriter json, IReadOnlyList<SocketOwner> owners) =>
        JsonArrays.WriteObjects(json, "users", owners, static (json, o) =>
        {
            json.WriteString("command", o.Command);
            json.WriteNumber("pid", o.Pid);
            json.WriteNumber("fd", o.Fd);
        });

    private static void WriteHidden(Utf8JsonWriter json, IReadOnlyList<string> hidden)
    {
        json.WriteStartArray("hidden");
        foreach (string h in hidden) json.WriteStringValue(h);
        json.WriteEndArray();
    }
}
