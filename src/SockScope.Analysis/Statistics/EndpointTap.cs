using System.Globalization;
using System.Text;
using SockScope.Wire.Decoding;

namespace SockScope.Analysis.Statistics;

/// <summary>
/// `-z endpoints,TYPE`: one row per address (and port), with what it sent (Tx) and received (Rx).
/// Every pair a frame gives counts once for its source and once for its destination (both on the
/// same row when they are equal, as in tshark).
/// </summary>
public sealed class EndpointTap : StatisticsTap
{
    private readonly TableType _type;
    private readonly MacNameResolver? _names;
    private readonly FragmentPorts _fragments = new();
    private readonly Dictionary<(StatAddress, ushort), int> _index = [];
    private readonly List<Endpoint> _rows = [];

    /// <summary>Creates the tap for <paramref name="type"/>; <paramref name="names"/> names MAC addresses.</summary>
    public EndpointTap(string spec, TableType type, MacNameResolver? names) : base(spec)
    {
        _type = type;
        _names = names;
    }

    /// <summary>The endpoints so far, in order of first appearance.</summary>
    public IReadOnlyList<Endpoint> Endpoints => _rows;

    /// <inheritdoc />
    public override void Add(in StatisticsFrame frame, long relativeNanoseconds, ReadOnlySpan<byte> data, in DecodedPacket decoded)
    {
        Span<AddressPair> pairs = stackalloc AddressPair[AddressPair.MaxPerFrame];
        int count = AddressPair.Collect(_type, data, decoded, pairs, _fragments);
        for (int i = 0; i < count; i++)
        {
            Endpoint source = Find(pairs[i].Source, pairs[i].SourcePort);
            source.TxFrames++;
            source.TxBytes += frame.WireLength;
            Endpoint destination = Find(pairs[i].Destination, pairs[i].DestinationPort);
            destination.RxFrames++;
            destination.RxBytes += frame.WireLength;
        }
    }

    private Endpoint Find(StatAddress address, ushort port)
    {
        if (_index.TryGetValue((address, port), out int row)) return _rows[row];
        var endpoint = new Endpoint(address, port);
        _index[(address, port)] = _rows.Count;
        _rows.Add(endpoint);
        return endpoint;
    }

    /// <inheritdoc />
    public override void Write(StringBuilder output, long elapsedNanoseconds)
    {
        bool ports = TableTypes.HasPorts(_type);
        output.Append("================================================================================\n");
        output.Append(TableTypes.Title(_type)).Append(" Endpoints\n");
        output.Append("Filter:<No Filter>\n");
        output.Append(ports
            ? "                       |  Port  ||  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n"
            : "                       |  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n");
        foreach (Endpoint e in RankedRows.ByFrames(_rows, static e => e.TxFrames + e.RxFrames))
        {
            output.Append(TsharkText.Left(e.Address.Format(_names), 20)).Append("      ");
            if (ports) output.Append(TsharkText.Right(e.Port.ToString(CultureInfo.InvariantCulture), 5)).Append("     ");
            output.Append(TsharkText.Right(e.TxFrames + e.RxFrames, 6))
                .Append("     ").Append(TsharkText.Right(e.TxBytes + e.RxBytes, 9))
                .Append("     ").Append(TsharkText.Right(e.TxFrames, 6))
                .Append("       ").Append(TsharkText.Right(e.TxBytes, 9))
                .Append("      ").Append(TsharkText.Right(e.RxFrames, 6))
                .Append("       ").Append(TsharkText.Right(e.RxBytes, 9))
                .Append("   \n");
        }
        output.Append("================================================================================\n");
    }
}

/// <summary>One row of an endpoint table.</summary>
public sealed class Endpoint
{
    internal Endpoint(StatAddress address, ushort port)
    {
        Address = address;
        Port = port;
    }

    /// <summary>The address.</summary>
    public StatAddress Address { get; }
    /// <summary>The port (TCP/UDP tables), else 0.</summary>
    public ushort Port { get; }
    /// <summary>Frames this endpoint sent.</summary>
    public long TxFrames { get; internal set; }
    /// <summary>Bytes this endpoint sent.</summary>
    public long TxBytes { get; internal set; }
    /// <summary>Frames this endpoint received.</summary>
    public long RxFrames { get; internal set; }
    /// <summary>Bytes this endpoint received.</summary>
    public long RxBytes { get; internal set; }
}
