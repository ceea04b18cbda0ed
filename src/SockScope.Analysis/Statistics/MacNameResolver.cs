using System.Globalization;
using SockScope.Wire.Addresses;

namespace SockScope.Analysis.Statistics;

/// <summary>
/// MAC addresses as tshark names them by default: a well-known address ("Broadcast"), a
/// well-known range or a manufacturer prefix followed by the remaining bytes ("IPv6mcast_16",
/// "Cisco_12:34:56"), else the plain address. The names are data, read at run time from
/// Wireshark's own `wka` and `manuf` files when they are installed (/usr/share/wireshark), so the
/// text equals tshark's on the same machine; without them every address prints plainly.
/// Ranges are tried in tshark's order: the widest prefix of 47..24 bits, then the 24-bit
/// manufacturer table, then 23..0 bits. Like tshark, a range entry is found by its masked
/// address alone, so an entry matches any prefix length that masks the address to its key.
/// </summary>
public sealed class MacNameResolver
{
    /// <summary>Where Debian's Wireshark keeps the files.</summary>
    public const string DefaultDirectory = "/usr/share/wireshark";

    private readonly Dictionary<ulong, string> _exact = [];
    private readonly Dictionary<ulong, string> _ranges = [];
    private readonly Dictionary<uint, string> _manufacturers = [];
    private readonly Dictionary<ulong, string> _cache = [];

    /// <summary>A resolver that knows no names (every address prints as aa:bb:cc:dd:ee:ff).</summary>
    public static MacNameResolver Empty { get; } = new();

    /// <summary>True when at least one name was loaded.</summary>
    public bool HasNames => _exact.Count + _ranges.Count + _manufacturers.Count > 0;

    /// <summary>
    /// Loads `manuf` and `wka` from <paramref name="directory"/> (missing files are skipped, as
    /// tshark skips them). A malformed line is ignored.
    /// </summary>
    public static MacNameResolver Load(string directory = DefaultDirectory)
    {
        var resolver = new MacNameResolver();
        resolver.ReadFile(Path.Combine(directory, "manuf"), manufacturerFile: true);
        resolver.ReadFile(Path.Combine(directory, "wka"), manufacturerFile: false);
        return resolver;
    }

    /// <summary>Reads one names file's lines ("ADDR[/BITS] SHORTNAME [LONG NAME]", # comments).</summary>
    public void ReadLines(IEnumerable<string> lines, bool manufacturerFile)
    {
        foreach (string raw in lines)
        {
            int hash = raw.IndexOf('#');
            string line = hash >= 0 ? raw[..hash] : raw;
            string[] fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2) continue;
            if (!TryParsePrefix(fields[0], out ulong address, out int bits)) continue;
            string name = fields[1];
            if (bits == 48) _exact.TryAdd(address, name);
            else if (bits == 24 && manufacturerFile) _manufacturers.TryAdd((uint)(address >> 24), name);
            else _ranges.TryAdd(Mask(address, bits), name);
        }
    }

    private void ReadFile(string path, bool manufacturerFile)
    {
        if (!File.Exists(path)) return;
        try
        {
            ReadLines(File.ReadLines(path), manufacturerFile);
        }
        catch (IOException)
        {
            // An unreadable names file leaves the plain addresses, as tshark does.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The address as tshark prints it in conversation and endpoint tables.</summary>
    public string Resolve(MacAddress mac)
    {
        ulong a = mac.Value;
        if (_cache.TryGetValue(a, out string? cached)) return cached;
        string text = Compute(a);
        _cache[a] = text;
        return text;
    }

    private string Compute(ulong a)
    {
        if (_exact.TryGetValue(a, out string? exact)) return exact;
        // Widest first: 47..40 bits keep one byte of suffix, 39..32 two, 31..24 three; the
        // first suffix byte shows only the bits the prefix did not cover.
        for (int suffixBytes = 1; suffixBytes <= 3; suffixBytes++)
        {
            if (TryRange(a, suffixBytes, out string? text)) return text!;
        }
        if (TryManufacturer(a, out string? manufacturer))
            return Suffix(manufacturer!, a, 3, 0xFF);
        for (int suffixBytes = 4; suffixBytes <= 6; suffixBytes++)
        {
            if (TryRange(a, suffixBytes, out string? text)) return text!;
        }
        return new MacAddress(a).ToString();
    }

    private bool TryRange(ulong a, int suffixBytes, out string? text)
    {
        for (int extra = 7; extra >= 0; extra--)
        {
            int bits = 8 * (6 - suffixBytes) + extra;
            if (_ranges.TryGetValue(Mask(a, bits), out string? name))
            {
                text = Suffix(name, a, suffixBytes, 0xFF >> extra);
                return true;
            }
        }
        text = null;
        return false;
    }

    private bool TryManufacturer(ulong a, out string? name)
    {
        uint oui = (uint)(a >> 24);
        // tshark looks a group address's manufacturer up with the multicast bit cleared (01:01:01 is
        // 00:01:01's "Private"), but keeps the locally administered bit (03:00:6c stays unnamed).
        const uint groupBit = 0x01_0000;
        return _manufacturers.TryGetValue(oui & ~groupBit, out name);
    }

    /// <summary>NAME_xx:yy..., the first suffix byte masked to the bits the prefix did not cover.</summary>
    private static string Suffix(string name, ulong a, int suffixBytes, int firstMask)
    {
        var text = new System.Text.StringBuilder(name.Length + 3 * suffixBytes);
        text.Append(name).Append('_');
        for (int i = 6 - suffixBytes; i < 6; i++)
        {
            int b = (int)(a >> (8 * (5 - i))) & 0xFF;
            if (i == 6 - suffixBytes) b &= firstMask;
            else text.Append(':');
            text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static ulong Mask(ulong a, int bits) => bits <= 0 ? 0 : a & ~((1UL << (48 - bits)) - 1) & 0xFFFF_FFFF_FFFFUL;

    private static bool TryParsePrefix(string text, out ulong address, out int bits)
    {
        address = 0;
        bits = 48;
        int slash = text.IndexOf('/');
        string hex = slash >= 0 ? text[..slash] : text;
        string[] parts = hex.Split([':', '-', '.']);
        if (parts.Length is < 3 or > 6) return false;
        int count = 0;
        foreach (string part in parts)
        {
            if (part.Length is < 1 or > 2 || !byte.TryParse(part, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte b)) return false;
            address = (address << 8) | b;
            count++;
        }
        address <<= 8 * (6 - count);
        bits = count * 8;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out bits) || bits is < 0 or > 48))
            return false;
        address = Mask(address, bits);
        return true;
    }
}
