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
        json.WriteStartArray("sockets");
        foreach (SocketInfo socket in listing.Sockets)
        {
            json.WriteStartObject();
            WriteSocket(json, socket, interfaceNames);
            WriteOwners(json, listing.Owners.Of(socket.Inode));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteHidden(json, listing.Hidden);
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    public static void WriteSniffers(SnifferReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteStartArray("sniffers");
        foreach (Sniffer s in report.Sniffers)
        {
            json.WriteStartObject();
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
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("promiscuous_interfaces");
        foreach (LinkInfo link in report.PromiscuousInterfaces)
        {
            json.WriteStartObject();
            json.WriteString("name", link.Name);
            json.WriteNumber("index", link.Index);
            json.WriteNumber("promiscuity", link.Promiscuity);
            json.WriteEndObject();
        }
        json.WriteEndArray();
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
                json.WriteStartArray("memberships");
                foreach (PacketMembership m in packet.Memberships)
                {
                    json.WriteStartObject();
                    json.WriteNumber("interface_index", m.InterfaceIndex);
                    json.WriteString("type", m.TypeName);
                    json.WriteNumber("count", m.Count);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
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

    private static void WriteOwners(Utf8JsonWriter json, IReadOnlyList<SocketOwner> owners)
    {
        json.WriteStartArray("users");
        foreach (SocketOwner o in owners)
        {
            json.WriteStartObject();
            json.WriteString("command", o.Command);
            json.WriteNumber("pid", o.Pid);
            json.WriteNumber("fd", o.Fd);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteHidden(Utf8JsonWriter json, IReadOnlyList<string> hidden)
    {
        json.WriteStartArray("hidden");
        foreach (string h in hidden) json.WriteStringValue(h);
        json.WriteEndArray();
    }
}
