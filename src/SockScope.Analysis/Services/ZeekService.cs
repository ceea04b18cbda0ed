namespace SockScope.Analysis.Services;

/// <summary>
/// An application protocol as Zeek names it in conn.log's service field (the analyzer's name in
/// lower case). The numeric values are stable and fit in a byte (<see cref="ServiceSet"/> packs them).
/// </summary>
public enum ZeekService : byte
{
    /// <summary>No service.</summary>
    None = 0,
    /// <summary>"dns": DNS over UDP or TCP (also mDNS, LLMNR and NetBIOS name service, which Zeek's DNS analyzer reads).</summary>
    Dns = 1,
    /// <summary>"http".</summary>
    Http = 2,
    /// <summary>"ssl": SSL 2/3 and TLS over TCP.</summary>
    Ssl = 3,
    /// <summary>"dtls": DTLS over UDP.</summary>
    Dtls = 4,
    /// <summary>"ssh".</summary>
    Ssh = 5,
    /// <summary>"ftp" (the control connection).</summary>
    Ftp = 6,
    /// <summary>"smtp".</summary>
    Smtp = 7,
    /// <summary>"pop3".</summary>
    Pop3 = 8,
    /// <summary>"dhcp" (DHCPv4 and BOOTP with the DHCP magic cookie).</summary>
    Dhcp = 9,
    /// <summary>"ntp".</summary>
    Ntp = 10,
    /// <summary>"quic" (IETF QUIC v1 and v2).</summary>
    Quic = 11,
    /// <summary>"snmp".</summary>
    Snmp = 12,
    /// <summary>"radius".</summary>
    Radius = 13,
}

/// <summary>Names of <see cref="ZeekService"/> values as conn.log writes them.</summary>
public static class ZeekServiceNames
{
    private static readonly string[] Names = ["", "dns", "http", "ssl", "dtls", "ssh", "ftp", "smtp", "pop3", "dhcp", "ntp", "quic", "snmp", "radius"];

    /// <summary>The conn.log name ("dns", "ssl", ...); empty for <see cref="ZeekService.None"/> or an unknown value.</summary>
    public static string Name(ZeekService service) => (int)service < Names.Length ? Names[(int)service] : "";

    /// <summary>The service named <paramref name="name"/> (as conn.log writes it), or <see cref="ZeekService.None"/>.</summary>
    public static ZeekService FromName(string name)
    {
        int index = Array.IndexOf(Names, name);
        return index > 0 ? (ZeekService)index : ZeekService.None;
    }
}
