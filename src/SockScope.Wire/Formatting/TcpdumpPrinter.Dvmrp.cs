using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Formatting;

// DVMRP (draft-ietf-idmr-dvmrp) carried in IGMP type 0x13, as tcpdump 4.99 prints it after "igmp dvmrp".
public sealed partial class TcpdumpPrinter
{
    private const int DvmrpTunnel = 0x01, DvmrpSourceRoute = 0x02, DvmrpDown = 0x10, DvmrpDisabled = 0x20, DvmrpQuerier = 0x40;

    /// <summary>Prints what follows "igmp dvmrp"; false when the capture ends first.</summary>
    private bool PrintDvmrp(ReadOnlySpan<byte> b, int length)
    {
        if (b.Length < 2) return true;
        int code = b[1];
        // tcpdump's unsigned arithmetic: a message shorter than the IGMP header leaves "everything" to read.
        int remaining = length >= 8 ? length - 8 : int.MaxValue;
        ReadOnlySpan<byte> body = b.Length > 8 ? b[8..] : default;
        switch (code)
        {
            case 1:
                _out.Append(" Probe"u8);
                return _options.Verbosity == 0 || PrintDvmrpProbe(body, remaining);
            case 2:
                _out.Append(" Report"u8);
                return true;
            case 3:
                _out.Append(" Ask-neighbors(old)"u8);
                return true;
            case 4:
                _out.Append(" Neighbors(old)"u8);
                return PrintDvmrpNeighbors(body, remaining);
            case 5:
                _out.Append(" Ask-neighbors2"u8);
                return true;
            case 6:
                _out.Append(" Neighbors2"u8);
                if (b.Length < 8) return false;
                return PrintDvmrpNeighbors2(body, remaining, b[7], b[6]);
            case 7:
                _out.Append(" Prune"u8);
                if (body.Length < 8) return false;
                _out.Append(" src "u8).Append(Ipv4Address.Read(body)).Append(" grp "u8).Append(Ipv4Address.Read(body[4..]))
                    .Append(" timer "u8);
                if (body.Length < 12) return false;
                AppendRelativeTime(BinaryPrimitives.ReadUInt32BigEndian(body[8..]));
                return true;
            case 8:
            case 9:
                _out.Append(code == 8 ? " Graft"u8 : " Graft-ACK"u8);
                if (body.Length < 8) return false;
                _out.Append(" src "u8).Append(Ipv4Address.Read(body)).Append(" grp "u8).Append(Ipv4Address.Read(body[4..]));
                return true;
            default:
                _out.Append(" [type "u8).Append(code).Append((byte)']');
                return true;
        }
    }

    private bool PrintDvmrpProbe(ReadOnlySpan<byte> body, int remaining)
    {
        if (remaining < 4)
        {
            _out.Append(" [full length "u8).Append(remaining).Append(" < 4] (invalid)"u8);
            return true;
        }
        if (body.Length < 4) return false;
        _out.Append(_options.Verbosity > 1 ? "\n\tgenid "u8 : " genid "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(body));
        if (_options.Verbosity < 2) return true;
        int at = 4;
        remaining -= 4;
        while (remaining > 0)
        {
            if (remaining < 4)
            {
                _out.Append("[remaining length "u8).Append(remaining).Append(" < 4] (invalid)"u8);
                return true;
            }
            if (at + 4 > body.Length) return false;
            _out.Append("\n\tneighbor "u8).Append(Ipv4Address.Read(body[at..]));
            at += 4;
            remaining -= 4;
        }
        return true;
    }

    /// <summary>Old-style neighbour list: local address, metric, threshold, then the neighbours.</summary>
    private bool PrintDvmrpNeighbors(ReadOnlySpan<byte> body, int remaining)
    {
        int at = 0;
        while (remaining > 0 && at < body.Length)
        {
            if (at + 7 > body.Length) return false;
            Ipv4Address local = Ipv4Address.Read(body[at..]);
            int metric = body[at + 4], threshold = body[at + 5], count = body[at + 6];
            at += 7;
            remaining -= 7;
            for (; count > 0; count--)
            {
                if (at + 4 > body.Length) return false;
                _out.Append(" ["u8).Append(local).Append(" -> "u8).Append(Ipv4Address.Read(body[at..]))
                    .Append(", ("u8).Append(metric).Append((byte)'/').Append(threshold).Append(")]"u8);
                at += 4;
                remaining -= 4;
            }
        }
        return true;
    }

    /// <summary>Neighbour list with flags (DVMRP 3.255 and later); the version comes from the IGMP group field.</summary>
    private bool PrintDvmrpNeighbors2(ReadOnlySpan<byte> body, int remaining, byte major, byte minor)
    {
        _out.Append(" (v "u8).Append((int)major).Append((byte)'.').Append((int)minor).Append("):"u8);
        int at = 0;
        while (remaining > 0)
        {
            if (at + 8 > body.Length) return false;
            Ipv4Address local = Ipv4Address.Read(body[at..]);
            int metric = body[at + 4], threshold = body[at + 5], flags = body[at + 6], count = body[at + 7];
            at += 8;
            remaining -= 8;
            for (; count > 0 && remaining > 0; count--)
            {
                if (at + 4 > body.Length) return false;
                _out.Append(" ["u8).Append(local).Append(" -> "u8).Append(Ipv4Address.Read(body[at..]))
                    .Append(" ("u8).Append(metric).Append((byte)'/').Append(threshold);
                if ((flags & DvmrpTunnel) != 0) _out.Append("/tunnel"u8);
                if ((flags & DvmrpSourceRoute) != 0) _out.Append("/srcrt"u8);
                if ((flags & DvmrpQuerier) != 0) _out.Append("/querier"u8);
                if ((flags & DvmrpDisabled) != 0) _out.Append("/disabled"u8);
                if ((flags & DvmrpDown) != 0) _out.Append("/down"u8);
                _out.Append(")]"u8);
                at += 4;
                remaining -= 4;
            }
            if (count != 0)
            {
                _out.Append(" [invalid ncount] (invalid)"u8);
                return true;
            }
        }
        return true;
    }
}
