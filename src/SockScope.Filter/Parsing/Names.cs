namespace SockScope.Filter.Parsing;

/// <summary>
/// The names pcap-filter resolves, built in so that compiling never reads /etc or the network:
/// IP protocols, Ethernet types, TCP/UDP services and the named constants of packet-data accessors.
/// </summary>
internal static class Names
{
    public static readonly IReadOnlyDictionary<string, uint> IpProtocols = new Dictionary<string, uint>(StringComparer.Ordinal)
    {
        ["ip"] = 0, ["hopopt"] = 0, ["icmp"] = 1, ["igmp"] = 2, ["ggp"] = 3, ["ipencap"] = 4, ["st"] = 5, ["tcp"] = 6,
        ["egp"] = 8, ["igp"] = 9, ["pup"] = 12, ["udp"] = 17, ["hmp"] = 20, ["xns-idp"] = 22, ["rdp"] = 27,
        ["iso-tp4"] = 29, ["dccp"] = 33, ["xtp"] = 36, ["ddp"] = 37, ["idpr-cmtp"] = 38, ["ipv6"] = 41,
        ["ipv6-route"] = 43, ["ipv6-frag"] = 44, ["idrp"] = 45, ["rsvp"] = 46, ["gre"] = 47, ["esp"] = 50,
        ["ah"] = 51, ["skip"] = 57, ["ipv6-icmp"] = 58, ["icmp6"] = 58, ["ipv6-nonxt"] = 59, ["ipv6-opts"] = 60,
        ["rspf"] = 73, ["vmtp"] = 81, ["eigrp"] = 88, ["ospf"] = 89, ["ax.25"] = 93, ["ipip"] = 94, ["etherip"] = 97,
        ["encap"] = 98, ["pim"] = 103, ["ipcomp"] = 108, ["vrrp"] = 112, ["l2tp"] = 115, ["isis"] = 124,
        ["sctp"] = 132, ["fc"] = 133, ["mobility-header"] = 135, ["udplite"] = 136, ["mpls-in-ip"] = 137,
        ["manet"] = 138, ["hip"] = 139, ["shim6"] = 140, ["wesp"] = 141, ["rohc"] = 142, ["ethernet"] = 143,
    };

    public static readonly IReadOnlyDictionary<string, uint> EtherTypes = new Dictionary<string, uint>(StringComparer.Ordinal)
    {
        ["ip"] = 0x0800, ["ip6"] = 0x86dd, ["arp"] = 0x0806, ["rarp"] = 0x8035, ["atalk"] = 0x809b,
        ["aarp"] = 0x80f3, ["decnet"] = 0x6003, ["lat"] = 0x6004, ["moprc"] = 0x6002, ["mopdl"] = 0x6001,
        ["sca"] = 0x6007, ["loopback"] = 0x9000,
    };

    /// <summary>TCP and UDP services (name, port, which transports know it) from the usual /etc/services.</summary>
    private static readonly (string Name, uint Port, bool Tcp, bool Udp)[] Services =
    [
        ("tcpmux", 1, true, false), ("echo", 7, true, true), ("discard", 9, true, true), ("systat", 11, true, false),
        ("daytime", 13, true, true), ("netstat", 15, true, false), ("qotd", 17, true, false), ("chargen", 19, true, true),
        ("ftp-data", 20, true, false), ("ftp", 21, true, false), ("ssh", 22, true, false), ("telnet", 23, true, false),
        ("smtp", 25, true, false), ("time", 37, true, true), ("whois", 43, true, false), ("tacacs", 49, true, true),
        ("domain", 53, true, true), ("gopher", 70, true, false), ("finger", 79, true, false), ("http", 80, true, false),
        ("www", 80, true, false), ("bootps", 67, false, true), ("bootpc", 68, false, true), ("tftp", 69, false, true),
        ("kerberos", 88, true, true), ("iso-tsap", 102, true, false), ("acr-nema", 104, true, false),
        ("pop3", 110, true, false), ("sunrpc", 111, true, true), ("auth", 113, true, false), ("nntp", 119, true, false),
        ("ntp", 123, false, true), ("epmap", 135, true, false), ("netbios-ns", 137, false, true),
        ("netbios-dgm", 138, false, true), ("netbios-ssn", 139, true, false), ("imap2", 143, true, false),
        ("imap", 143, true, false), ("snmp", 161, true, true), ("snmp-trap", 162, true, true), ("xdmcp", 177, false, true),
        ("bgp", 179, true, false), ("irc", 194, true, false), ("smux", 199, true, false), ("ldap", 389, true, true),
        ("https", 443, true, true), ("snpp", 444, true, false), ("microsoft-ds", 445, true, false),
        ("kpasswd", 464, true, true), ("submissions", 465, true, false), ("syslog", 514, false, true),
        ("printer", 515, true, false), ("talk", 517, false, true), ("ntalk", 518, false, true), ("route", 520, false, true),
        ("isakmp", 500, false, true), ("gdomap", 538, true, true), ("uucp", 540, true, false), ("klogin", 543, true, false),
        ("kshell", 544, true, false), ("dhcpv6-client", 546, false, true), ("dhcpv6-server", 547, false, true),
        ("afpovertcp", 548, true, false), ("nntps", 563, true, false), ("submission", 587, true, false),
        ("ldaps", 636, true, false), ("tinc", 655, true, true), ("silc", 706, true, false), ("kerberos-adm", 749, true, false),
        ("domain-s", 853, true, true), ("rsync", 873, true, false), ("ftps-data", 989, true, false), ("ftps", 990, true, false),
        ("telnets", 992, true, false), ("imaps", 993, true, false), ("pop3s", 995, true, false), ("socks", 1080, true, false),
        ("openvpn", 1194, true, true), ("rmiregistry", 1099, true, false), ("ms-sql-s", 1433, true, false),
        ("ms-sql-m", 1434, true, false), ("ingreslock", 1524, true, false), ("pptp", 1723, true, false),
        ("radius", 1812, true, true), ("radius-acct", 1813, true, true), ("nfs", 2049, true, true),
        ("gnunet", 2086, true, true), ("iax", 4569, true, true), ("mysql", 3306, true, false), ("ms-wbt-server", 3389, true, false),
        ("svn", 3690, true, false), ("sip", 5060, true, true), ("sip-tls", 5061, true, true), ("xmpp-client", 5222, true, false),
        ("xmpp-server", 5269, true, false), ("postgresql", 5432, true, false), ("x11", 6000, true, false),
        ("http-alt", 8080, true, false), ("mdns", 5353, false, true), ("bgpd", 2605, true, false), ("zebra", 2601, true, false),
    ];

    /// <summary>Finds a service; <paramref name="tcp"/>/<paramref name="udp"/> say which transports know the name.</summary>
    public static bool TryService(string name, out uint port, out bool tcp, out bool udp)
    {
        foreach ((string n, uint p, bool t, bool u) in Services)
        {
            if (n == name) { port = p; tcp = t; udp = u; return true; }
        }
        port = 0; tcp = udp = false;
        return false;
    }

    /// <summary>The constants packet-data accessors use (pcap-filter(7)).</summary>
    public static readonly IReadOnlyDictionary<string, uint> Constants = new Dictionary<string, uint>(StringComparer.Ordinal)
    {
        ["icmptype"] = 0, ["icmpcode"] = 1,
        ["icmp-echoreply"] = 0, ["icmp-unreach"] = 3, ["icmp-sourcequench"] = 4, ["icmp-redirect"] = 5, ["icmp-echo"] = 8,
        ["icmp-routeradvert"] = 9, ["icmp-routersolicit"] = 10, ["icmp-timxceed"] = 11, ["icmp-paramprob"] = 12,
        ["icmp-tstamp"] = 13, ["icmp-tstampreply"] = 14, ["icmp-ireq"] = 15, ["icmp-ireqreply"] = 16,
        ["icmp-maskreq"] = 17, ["icmp-maskreply"] = 18,
        ["icmp6type"] = 0, ["icmp6code"] = 1,
        ["icmp6-destinationunreach"] = 1, ["icmp6-packettoobig"] = 2, ["icmp6-timeexceeded"] = 3,
        ["icmp6-parameterproblem"] = 4, ["icmp6-echo"] = 128, ["icmp6-echoreply"] = 129,
        ["icmp6-multicastlistenerquery"] = 130, ["icmp6-multicastlistenerreportv1"] = 131,
        ["icmp6-multicastlistenerdone"] = 132, ["icmp6-routersolicit"] = 133, ["icmp6-routeradvert"] = 134,
        ["icmp6-neighborsolicit"] = 135, ["icmp6-neighboradvert"] = 136, ["icmp6-redirect"] = 137,
        ["icmp6-routerrenum"] = 138, ["icmp6-nodeinformationquery"] = 139, ["icmp6-nodeinformationresponse"] = 140,
        ["icmp6-ineighbordiscoverysolicit"] = 141, ["icmp6-ineighbordiscoveryadvert"] = 142,
        ["icmp6-multicastlistenerreportv2"] = 143, ["icmp6-homeagentdiscoveryrequest"] = 144,
        ["icmp6-homeagentdiscoveryreply"] = 145, ["icmp6-mobileprefixsolicit"] = 146, ["icmp6-mobileprefixadvert"] = 147,
        ["icmp6-certpathsolicit"] = 148, ["icmp6-certpathadvert"] = 149, ["icmp6-multicastrouteradvert"] = 151,
        ["icmp6-multicastroutersolicit"] = 152, ["icmp6-multicastrouterterm"] = 153,
        ["tcpflags"] = 13, ["tcp-fin"] = 0x01, ["tcp-syn"] = 0x02, ["tcp-rst"] = 0x04, ["tcp-push"] = 0x08,
        ["tcp-ack"] = 0x10, ["tcp-urg"] = 0x20, ["tcp-ece"] = 0x40, ["tcp-cwr"] = 0x80,
    };

    /// <summary>Protocol qualifier words.</summary>
    public static readonly IReadOnlyDictionary<string, ProtoQual> ProtoWords = new Dictionary<string, ProtoQual>(StringComparer.Ordinal)
    {
        ["ether"] = ProtoQual.Link, ["link"] = ProtoQual.Link, ["ip"] = ProtoQual.Ip, ["ip6"] = ProtoQual.Ip6,
        ["arp"] = ProtoQual.Arp, ["rarp"] = ProtoQual.Rarp, ["tcp"] = ProtoQual.Tcp, ["udp"] = ProtoQual.Udp,
        ["icmp"] = ProtoQual.Icmp, ["icmp6"] = ProtoQual.Icmp6, ["igmp"] = ProtoQual.Igmp, ["sctp"] = ProtoQual.Sctp,
    };

    /// <summary>Words of pcap-filter this compiler knows but does not implement; named in the error.</summary>
    public static readonly IReadOnlySet<string> Unsupported = new HashSet<string>(StringComparer.Ordinal)
    {
        "gateway", "protochain", "fddi", "tr", "wlan", "atalk", "aarp", "decnet", "iso", "stp", "ipx", "netbeui",
        "lat", "moprc", "mopdl", "igrp", "pim", "vrrp", "carp", "ah", "esp", "mpls", "pppoed", "pppoes", "geneve",
        "byte", "llc", "radio", "ppp", "slip", "type", "subtype", "dir", "on",
        "ifname", "rnr", "rulenum", "reason", "rset", "ruleset", "srnr", "subrulenum", "action", "clnp", "esis",
        "isis", "l1", "l2", "iih", "lsp", "snp", "csnp", "psnp", "addr1", "addr2", "addr3", "addr4", "ra", "ta",
        "hdpr", "vpi", "vci", "lane", "oamf4", "oamf4ec", "oamf4sc", "oam", "metac", "bcc", "sc", "ilmic", "connectmsg",
        "metaconnect", "fisu", "lssu", "msu", "sio", "opc", "dpc", "sls", "hfisu", "hlssu", "hmsu", "hsio", "hopc",
        "hdpc", "hsls", "netmask",
    };

    /// <summary>Words that can never be an id.</summary>
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "and", "or", "not", "src", "dst", "host", "net", "mask", "port", "portrange", "proto", "less", "greater",
        "broadcast", "multicast", "vlan", "len", "ether", "link", "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp",
        "icmp6", "igmp", "sctp", "inbound", "outbound", "ifindex",
    };
}
