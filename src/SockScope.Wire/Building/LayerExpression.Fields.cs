using System.Globalization;
using SockScope.Wire.Addresses;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Building;

public sealed partial class LayerExpression
{
    /// <summary>
    /// Hands a layer's fields out by name, converting and range-checking each, and remembers which
    /// were taken so that a misspelt or unknown field is an error with its column, not ignored.
    /// </summary>
    private sealed class FieldReader(LayerSyntax layer, string text)
    {
        private readonly HashSet<LayerField> _used = [];

        public string LayerName => layer.Name;

        public bool Has(string name) => Find(name) is not null;

        public LayerExpressionException Missing(string name) =>
            new($"{layer.Name}: field '{name}' is required at column {layer.Column}", text, layer.Column);

        public LayerExpressionException Invalid(string name, string why)
        {
            LayerField? f = Find(name);
            int column = f?.ValueColumn ?? layer.Column;
            return new($"{layer.Name}: {why} at column {column}", text, column);
        }

        private LayerExpressionException Bad(LayerField f, string what) =>
            new($"{layer.Name}: field '{Display(f)}' needs {what}, not {(f.List is null ? $"'{f.Value}'" : "a list")} at column {f.ValueColumn}", text, f.ValueColumn);

        private static string Display(LayerField f) => f.Name.Length == 0 ? "(value)" : f.Name;

        private LayerField? Find(string name)
        {
            LayerField? f = layer.Fields.FirstOrDefault(f => f.Name == name);
            if (f is not null) _used.Add(f);
            return f;
        }

        /// <summary>Rejects two fields that set the same bytes (hlim and ttl, rest and id...) given together.</summary>
        public void RejectBoth(string first, string second)
        {
            if (layer.Fields.Any(f => f.Name == first) && layer.Fields.FirstOrDefault(f => f.Name == second) is { } f)
                throw new LayerExpressionException($"{layer.Name}: give '{first}' or '{second}', not both at column {f.NameColumn}", text, f.NameColumn);
        }

        private LayerField? FindPositional()
        {
            foreach (LayerField f in layer.Fields)
            {
                if (f.Name.Length == 0 && !_used.Contains(f))
                {
                    _used.Add(f);
                    return f;
                }
            }
            return null;
        }

        public void RejectUnused()
        {
            foreach (LayerField f in layer.Fields)
            {
                if (_used.Contains(f)) continue;
                if (f.Name.Length > 0 && _used.Any(u => u.Name == f.Name))
                    throw new LayerExpressionException($"{layer.Name}: field '{f.Name}' is given twice at column {f.NameColumn}", text, f.NameColumn);
                if (f.Name.Length == 0)
                    throw new LayerExpressionException($"{layer.Name}: unexpected value '{f.Value}' (write name=value) at column {f.NameColumn}", text, f.NameColumn);
                throw new LayerExpressionException($"{layer.Name}: unknown field '{f.Name}' at column {f.NameColumn}", text, f.NameColumn);
            }
        }

        public long? Long(string name, long min, long max)
        {
            if (Find(name) is not { } f) return null;
            return Number(f, min, max);
        }

        public int? Int(string name, int min, int max) => (int?)Long(name, min, max);

        private long Number(LayerField f, long min, long max)
        {
            ReadOnlySpan<char> v = f.Value;
            long n = 0;
            bool ok = f.List is null && !f.Quoted && (v.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? long.TryParse(v[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out n)
                : long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out n));
            if (!ok || n < min || n > max) throw Bad(f, $"a number from {min} to {max}");
            return n;
        }

        /// <summary>A number or one of the given names (case-insensitive).</summary>
        public int? Named(string name, params (string Name, int Value)[] names)
        {
            if (Find(name) is not { } f) return null;
            foreach ((string n, int v) in names)
                if (string.Equals(n, f.Value, StringComparison.OrdinalIgnoreCase)) return v;
            if (f.Value.Length > 0 && char.IsAsciiDigit(f.Value[0])) return (int)Number(f, 0, 255);
            throw Bad(f, "a number or one of " + string.Join(", ", names.Select(x => x.Name)));
        }

        /// <summary>
        /// Flags as a number, as letters run together when every name is one letter (TCP "SA"), or
        /// as names joined by '+' or '|' (IPv4 "DF+MF").
        /// </summary>
        public int? Flags(string name, params (string Name, int Value)[] names)
        {
            if (Find(name) is not { } f) return null;
            if (f.Value.Length > 0 && char.IsAsciiDigit(f.Value[0])) return (int)Number(f, 0, 255);
            int flags = 0;
            bool letters = names.All(n => n.Name.Length == 1);
            IEnumerable<string> parts = letters ? f.Value.Select(c => c.ToString()) : f.Value.Split('+', '|');
            foreach (string part in parts)
            {
                int? v = null;
                foreach ((string n, int value) in names)
                    if (string.Equals(n, part, StringComparison.OrdinalIgnoreCase)) v = value;
                if (v is null || part.Length == 0) throw Bad(f, "flags made of " + string.Join(letters ? "" : ", ", names.Select(x => x.Name)));
                flags |= v.Value;
            }
            return flags;
        }

        public MacAddress? Mac(string name)
        {
            if (Find(name) is not { } f) return null;
            return MacAddress.TryParse(f.Value, out MacAddress m) ? m : throw Bad(f, "a MAC address like 02:00:00:00:00:01");
        }

        public Ipv4Address? Ipv4(string name)
        {
            if (Find(name) is not { } f) return null;
            return Ipv4Address.TryParse(f.Value, out Ipv4Address a) ? a : throw Bad(f, "an IPv4 address");
        }

        public Ipv6Address? Ipv6(string name)
        {
            if (Find(name) is not { } f) return null;
            return Ipv6Address.TryParse(f.Value, out Ipv6Address a) ? a : throw Bad(f, "an IPv6 address");
        }

        public string? Text(string name) => Find(name) is { } f ? f.Value : null;

        /// <summary>Hex bytes ("0102", "01:02", "0x0102"), or a quoted string's UTF-8 bytes.</summary>
        public byte[]? Bytes(string name, bool positional)
        {
            LayerField? f = Find(name) ?? (positional ? FindPositional() : null);
            if (f is null) return null;
            if (f.Quoted) return System.Text.Encoding.UTF8.GetBytes(f.Value);
            return Hex(f, "hex bytes like 0102ff or a quoted string");
        }

        /// <summary>Hex digits, with an optional 0x and ':' or '.' between bytes ("0102", "01:02", "0x0102").</summary>
        private byte[] Hex(LayerField f, string what)
        {
            string hex = f.Value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? f.Value[2..] : f.Value;
            hex = hex.Replace(":", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
            if (f.List is not null || f.Quoted || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit)) throw Bad(f, what);
            return Convert.FromHexString(hex);
        }

        /// <summary>An option of a [list] as typed: its lower-case name, and whether it came with "=value".</summary>
        private static (string Kind, bool HasValue) Option(LayerField o) =>
            ((o.Name.Length == 0 ? o.Value : o.Name).ToLowerInvariant(), o.Name.Length > 0);

        /// <summary>A known option written with a value it does not take, or without the value it needs.</summary>
        private LayerExpressionException OptionMisuse(LayerField o, string kind, bool hasValue) =>
            new($"{layer.Name}: option '{kind}' {(hasValue ? "takes no value" : $"needs a value ({kind}=...)")} at column {o.NameColumn}", text, o.NameColumn);

        private LayerExpressionException UnknownOption(LayerField o, string family, string kind, string known) =>
            new($"{layer.Name}: unknown {family} option '{kind}' ({known}) at column {o.NameColumn}", text, o.NameColumn);

        /// <summary>IPv4 options: a list of nop, eol, ra, rr=N (slots), or raw=HEX; or hex bytes.</summary>
        public ReadOnlyMemory<byte> Ipv4Options(string name)
        {
            if (Find(name) is not { } f) return ReadOnlyMemory<byte>.Empty;
            if (f.List is null)
            {
                _used.Remove(f);
                return Bytes(name, positional: false);
            }
            var bytes = new List<byte>();
            foreach (LayerField o in f.List)
            {
                (string kind, bool hasValue) = Option(o);
                switch (kind)
                {
                    case "nop" when !hasValue: bytes.Add(Ip.Ipv4Option.NoOperation); break;
                    case "eol" when !hasValue: bytes.Add(Ip.Ipv4Option.EndOfList); break;
                    case "ra" when !hasValue: bytes.AddRange(Ip.Ipv4Option.RouterAlert()); break;
                    case "rr": bytes.AddRange(Ip.Ipv4Option.RecordRoute(hasValue ? (int)Number(o, 1, 9) : 9)); break;
                    case "raw" when hasValue: bytes.AddRange(Hex(o, "hex bytes")); break;
                    case "nop" or "eol" or "ra" or "raw": throw OptionMisuse(o, kind, hasValue);
                    default: throw UnknownOption(o, "IPv4", kind, "nop, eol, ra, rr=N, raw=HEX");
                }
            }
            return bytes.ToArray();
        }

        /// <summary>TCP options: mss=N, sack-perm, ts=VAL:ECR, ws=N, nop, eol, kind-N=HEX.</summary>
        public IReadOnlyList<TcpOption> TcpOptions(string name)
        {
            if (Find(name) is not { } f) return [];
            if (f.List is null) throw Bad(f, "a list like [mss=1460, sack-perm, ts=1:0, ws=7]");
            var options = new List<TcpOption>();
            foreach (LayerField o in f.List)
            {
                (string kind, bool hasValue) = Option(o);
                switch (kind)
                {
                    case "nop" when !hasValue: options.Add(TcpOption.NoOperation); break;
                    case "eol" when !hasValue: options.Add(TcpOption.EndOfList); break;
                    case "sack-perm" or "sackok" when !hasValue: options.Add(TcpOption.SackPermitted); break;
                    case "mss" when hasValue: options.Add(TcpOption.MaximumSegmentSize((ushort)Number(o, 0, 65535))); break;
                    case "ws" or "wscale" when hasValue: options.Add(TcpOption.WindowScale((byte)Number(o, 0, 255))); break;
                    case "ts" when hasValue:
                        string[] parts = o.Value.Split(':');
                        if (o.List is not null || parts.Length != 2 || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint value)
                            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint echo))
                            throw Bad(o, "VALUE:ECHO like 1:0");
                        options.Add(TcpOption.Timestamps(value, echo));
                        break;
                    case "nop" or "eol" or "sack-perm" or "sackok" or "mss" or "ws" or "wscale" or "ts":
                        throw OptionMisuse(o, kind, hasValue);
                    default:
                        if (kind.StartsWith("kind-", StringComparison.Ordinal) && byte.TryParse(kind.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out byte k))
                        {
                            if (!hasValue) throw OptionMisuse(o, kind, hasValue);
                            options.Add(new TcpOption((TcpOptionKind)k, Hex(o, "hex bytes")));
                            break;
                        }
                        throw UnknownOption(o, "TCP", kind, "mss=N, sack-perm, ts=V:E, ws=N, nop, eol, kind-N=HEX");
                }
            }
            return options;
        }
    }
}
