namespace SockScope.Wire.Dns;

/// <summary>Resource-record types (RFC 1035 and later); values not listed are still valid on the wire.</summary>
public enum DnsRecordType : ushort
{
    A = 1, NS = 2, MD = 3, MF = 4, CNAME = 5, SOA = 6, MB = 7, MG = 8, MR = 9, NULL = 10, WKS = 11, PTR = 12,
    HINFO = 13, MINFO = 14, MX = 15, TXT = 16, RP = 17, AFSDB = 18, X25 = 19, ISDN = 20, RT = 21, NSAP = 22,
    NSAP_PTR = 23, SIG = 24, KEY = 25, PX = 26, GPOS = 27, AAAA = 28, LOC = 29, NXT = 30, EID = 31, NIMLOC = 32,
    SRV = 33, ATMA = 34, NAPTR = 35, KX = 36, CERT = 37, A6 = 38, DNAME = 39, SINK = 40, OPT = 41, APL = 42,
    DS = 43, SSHFP = 44, IPSECKEY = 45, RRSIG = 46, NSEC = 47, DNSKEY = 48, SPF = 99, UINFO = 100, UID = 101,
    GID = 102, UNSPEC = 103, UNSPECA = 104, TKEY = 249, TSIG = 250, IXFR = 251, AXFR = 252, MAILB = 253,
    MAILA = 254, ANY = 255, URI = 256,
}

/// <summary>Record classes. In mDNS the top bit of a question's class asks for a unicast reply (QU) and of a record's class means "cache flush".</summary>
public enum DnsClass : ushort
{
    IN = 1, CHAOS = 3, HS = 4, ANY = 255,
}

public enum DnsOpcode : byte
{
    Query = 0, InverseQuery = 1, Status = 2, Notify = 4, Update = 5,
}

/// <summary>Response codes; values above 15 need the extended bits of an EDNS OPT record.</summary>
public enum DnsResponseCode : ushort
{
    NoError = 0, FormErr = 1, ServFail = 2, NXDomain = 3, NotImp = 4, Refused = 5, YXDomain = 6, YXRRSet = 7,
    NXRRSet = 8, NotAuth = 9, NotZone = 10, BadVers = 16, BadKey = 17, BadTime = 18, BadMode = 19, BadName = 20,
    BadAlg = 21, BadTrunc = 22, BadCookie = 23,
}

/// <summary>Header flag bits (the 16-bit word after the id).</summary>
[Flags]
public enum DnsFlags : ushort
{
    None = 0,
    CheckingDisabled = 0x0010,
    AuthenticData = 0x0020,
    RecursionAvailable = 0x0080,
    RecursionDesired = 0x0100,
    Truncated = 0x0200,
    Authoritative = 0x0400,
    Response = 0x8000,
}
