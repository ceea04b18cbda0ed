using SockScope.Wire.Dns;

namespace SockScope.Wire.Formatting;

// The names tcpdump 4.99 gives DNS opcodes, response codes, classes, types, EDNS options and the
// algorithms those options list.
internal static class DnsMnemonics
{
    /// <summary>The opcode as tcpdump shows it after the ID (empty for a standard query).</summary>
    public static ReadOnlySpan<byte> OpcodeText(int opcode) => opcode switch
    {
        0 => ""u8, 1 => " inv_q"u8, 2 => " stat"u8, 3 => " op3"u8, 4 => " notify"u8, 5 => " update"u8,
        6 => " op6"u8, 7 => " op7"u8, 8 => " op8"u8, 9 => " updateA"u8, 10 => " updateD"u8, 11 => " updateDA"u8,
        12 => " updateM"u8, 13 => " updateMA"u8, 14 => " zoneInit"u8, _ => " zoneRef"u8,
    };

    /// <summary>The response code (with EDNS's upper bits), " Resp&lt;n&gt;" when tcpdump has no name.</summary>
    public static void AppendResponseCode(Utf8Builder output, int rcode)
    {
        ReadOnlySpan<byte> name = rcode switch
        {
            0 => ""u8, 1 => " FormErr"u8, 2 => " ServFail"u8, 3 => " NXDomain"u8, 4 => " NotImp"u8, 5 => " Refused"u8,
            6 => " YXDomain"u8, 7 => " YXRRSet"u8, 8 => " NXRRSet"u8, 9 => " NotAuth"u8, 10 => " NotZone"u8,
            15 => " NoChange"u8, 16 => " BadVers"u8, 23 => " BadCookie"u8, _ => default,
        };
        if (rcode is 0 or (>= 1 and <= 10) or 15 or 16 or 23) output.Append(name);
        else output.Append(" Resp"u8).Append(rcode & 0xFFF);
    }

    /// <summary>The class mnemonic, "(Class n)" otherwise.</summary>
    public static void AppendClass(Utf8Builder output, int cls)
    {
        switch (cls)
        {
            case (int)DnsClass.IN: output.Append("IN"u8); break;
            case (int)DnsClass.CHAOS: output.Append("CHAOS"u8); break;
            case (int)DnsClass.HS: output.Append("HS"u8); break;
            case (int)DnsClass.ANY: output.Append("ANY"u8); break;
            default: output.Append("(Class "u8).Append(cls).Append((byte)')'); break;
        }
    }

    /// <summary>The type mnemonic, "Type&lt;n&gt;" otherwise.</summary>
    public static void AppendType(Utf8Builder output, int type)
    {
        // The enum names are tcpdump's mnemonics, cached as UTF-8.
        ReadOnlySpan<byte> name = DnsTypeNames.Get(type);
        if (name.IsEmpty) output.Append("Type"u8).Append(type);
        else output.Append(name);
    }

    /// <summary>The EDNS option name, "Opt&lt;n&gt;" otherwise.</summary>
    public static void AppendEdnsOptionName(Utf8Builder output, int code)
    {
        ReadOnlySpan<byte> name = code switch
        {
            1 => "LLQ"u8, 2 => "UL"u8, 3 => "NSID"u8, 5 => "DAU"u8, 6 => "DHU"u8, 7 => "N3U"u8, 8 => "ECS"u8,
            9 => "EXPIRE"u8, 10 => "COOKIE"u8, 11 => "KEEPALIVE"u8, 12 => "PADDING"u8, 13 => "CHAIN"u8,
            14 => "KEY-TAG"u8, 16 => "CLIENT-TAG"u8, 17 => "SERVER-TAG"u8, _ => default,
        };
        if (name.IsEmpty) output.Append("Opt"u8).Append(code);
        else output.Append(name);
    }

    /// <summary>Algorithm mnemonics for the DAU (DNSSEC), DHU (DS hash) and N3U (NSEC3 hash) options.</summary>
    public static void AppendDnssecAlgorithm(Utf8Builder output, int option, byte algorithm)
    {
        ReadOnlySpan<byte> name = option switch
        {
            5 => algorithm switch
            {
                0 => "DELETE"u8, 1 => "RSAMD5"u8, 2 => "DH"u8, 3 => "DS"u8, 5 => "RSASHA1"u8, 6 => "DSA-NSEC3-SHA1"u8,
                7 => "RSASHA1-NSEC3-SHA1"u8, 8 => "RSASHA256"u8, 10 => "RSASHA512"u8, 12 => "ECC-GOST"u8,
                13 => "ECDSAP256SHA256"u8, 14 => "ECDSAP384SHA384"u8, 15 => "ED25519"u8, 16 => "ED448"u8,
                252 => "INDIRECT"u8, 253 => "PRIVATEDNS"u8, 254 => "PRIVATEOID"u8, _ => default,
            },
            6 => algorithm switch { 1 => "SHA-1"u8, 2 => "SHA-256"u8, 3 => "GOST_R_34.11-94"u8, 4 => "SHA-384"u8, _ => default },
            _ => algorithm == 1 ? "SHA-1"u8 : default,
        };
        if (name.IsEmpty) output.Append("Alg_"u8).Append((int)algorithm);
        else output.Append(name);
    }
}
