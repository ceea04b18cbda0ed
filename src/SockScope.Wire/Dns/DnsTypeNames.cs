using System.Text;

namespace SockScope.Wire.Dns;

/// <summary>UTF-8 mnemonics of the named record types, built once so that printing them allocates nothing.</summary>
internal static class DnsTypeNames
{
    private static readonly byte[][] Names = Build();

    public static ReadOnlySpan<byte> Get(int type) =>
        (uint)type < (uint)Names.Length && Names[type] is { } name ? name : default;

    private static byte[][] Build()
    {
        var names = new byte[(int)DnsRecordType.URI + 1][];
        foreach (DnsRecordType t in Enum.GetValues<DnsRecordType>())
            names[(int)t] = Encoding.ASCII.GetBytes(t.ToString());
        return names;
    }
}
