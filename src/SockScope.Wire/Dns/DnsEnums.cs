namespace SockScope.Wire.Dns;

/// <summary>Resource-record types (RFC 1035 and later); values not listed are still valid on the wire.</summary>
public enum DnsRecordType : ushort
{
    /// <summary>A host's IPv4 address, 4 bytes (RFC 1035 §3.4.1).</summary>
    A = 1,
    /// <summary>An authoritative name server for the zone (RFC 1035 §3.3.11).</summary>
    NS = 2,
    /// <summary>Mail destination; obsolete, replaced by MX (RFC 1035).</summary>
    MD = 3,
    /// <summary>Mail forwarder; obsolete, replaced by MX (RFC 1035).</summary>
    MF = 4,
    /// <summary>The canonical name this name is an alias of (RFC 1035 §3.3.1).</summary>
    CNAME = 5,
    /// <summary>Start of a zone of authority: primary server, contact, serial and timers (RFC 1035 §3.3.13).</summary>
    SOA = 6,
    /// <summary>Mailbox domain name; experimental (RFC 1035).</summary>
    MB = 7,
    /// <summary>Mail group member; experimental (RFC 1035).</summary>
    MG = 8,
    /// <summary>Mail rename domain name; experimental (RFC 1035).</summary>
    MR = 9,
    /// <summary>Any data up to 65535 bytes; experimental (RFC 1035 §3.3.10).</summary>
    NULL = 10,
    /// <summary>Well-known services of a host; obsolete (RFC 1035 §3.4.2).</summary>
    WKS = 11,
    /// <summary>A pointer to another name, used for reverse lookups under in-addr.arpa and ip6.arpa (RFC 1035 §3.3.12).</summary>
    PTR = 12,
    /// <summary>Host CPU and OS strings (RFC 1035 §3.3.2; RFC 8482 reuses it to answer ANY).</summary>
    HINFO = 13,
    /// <summary>Mailbox or mail list information; experimental (RFC 1035).</summary>
    MINFO = 14,
    /// <summary>A mail exchange with its preference (RFC 1035 §3.3.9).</summary>
    MX = 15,
    /// <summary>One or more character strings (RFC 1035 §3.3.14).</summary>
    TXT = 16,
    /// <summary>The person responsible for a name (RFC 1183).</summary>
    RP = 17,
    /// <summary>An AFS database server (RFC 1183).</summary>
    AFSDB = 18,
    /// <summary>An X.25 PSDN address (RFC 1183).</summary>
    X25 = 19,
    /// <summary>An ISDN address (RFC 1183).</summary>
    ISDN = 20,
    /// <summary>Route-through: an intermediate host (RFC 1183).</summary>
    RT = 21,
    /// <summary>An OSI NSAP address (RFC 1706).</summary>
    NSAP = 22,
    /// <summary>Reverse mapping of an NSAP address; obsolete (RFC 1348).</summary>
    NSAP_PTR = 23,
    /// <summary>A signature, the pre-DNSSEC-bis form still used by SIG(0) (RFC 2535, RFC 2931).</summary>
    SIG = 24,
    /// <summary>A public key, the pre-DNSSEC-bis form still used by SIG(0) and TKEY (RFC 2535).</summary>
    KEY = 25,
    /// <summary>X.400 mail mapping (RFC 2163).</summary>
    PX = 26,
    /// <summary>Geographical position; superseded by LOC (RFC 1712).</summary>
    GPOS = 27,
    /// <summary>A host's IPv6 address, 16 bytes (RFC 3596).</summary>
    AAAA = 28,
    /// <summary>Location: latitude, longitude, altitude and size (RFC 1876).</summary>
    LOC = 29,
    /// <summary>Next domain; obsolete, replaced by NSEC (RFC 2535).</summary>
    NXT = 30,
    /// <summary>Nimrod endpoint identifier; never standardised.</summary>
    EID = 31,
    /// <summary>Nimrod locator; never standardised.</summary>
    NIMLOC = 32,
    /// <summary>A service location: priority, weight, port and target host (RFC 2782).</summary>
    SRV = 33,
    /// <summary>An ATM address (ATM Forum).</summary>
    ATMA = 34,
    /// <summary>Naming authority pointer: a rewrite rule (RFC 3403).</summary>
    NAPTR = 35,
    /// <summary>A key exchanger (RFC 2230).</summary>
    KX = 36,
    /// <summary>A certificate or CRL (RFC 4398).</summary>
    CERT = 37,
    /// <summary>IPv6 address in pieces; historic (RFC 2874, RFC 6563).</summary>
    A6 = 38,
    /// <summary>Redirects a whole subtree to another name (RFC 6672).</summary>
    DNAME = 39,
    /// <summary>Kitchen sink; never standardised.</summary>
    SINK = 40,
    /// <summary>EDNS(0) pseudo-record in the additional section: UDP payload size, extended rcode and flags, options (RFC 6891).</summary>
    OPT = 41,
    /// <summary>A list of address prefixes (RFC 3123).</summary>
    APL = 42,
    /// <summary>Delegation signer: a digest of the child zone's key (RFC 4034).</summary>
    DS = 43,
    /// <summary>An SSH host key fingerprint (RFC 4255).</summary>
    SSHFP = 44,
    /// <summary>An IPsec public key (RFC 4025).</summary>
    IPSECKEY = 45,
    /// <summary>A DNSSEC signature over an RRset (RFC 4034).</summary>
    RRSIG = 46,
    /// <summary>The next owner name in the zone, proving non-existence (RFC 4034).</summary>
    NSEC = 47,
    /// <summary>A DNSSEC zone public key (RFC 4034).</summary>
    DNSKEY = 48,
    /// <summary>Sender Policy Framework text; deprecated in favour of TXT (RFC 7208).</summary>
    SPF = 99,
    /// <summary>User information; reserved, never standardised.</summary>
    UINFO = 100,
    /// <summary>User id; reserved, never standardised.</summary>
    UID = 101,
    /// <summary>Group id; reserved, never standardised.</summary>
    GID = 102,
    /// <summary>Unspecified data; reserved, never standardised.</summary>
    UNSPEC = 103,
    /// <summary>Unspecified data; reserved, never standardised.</summary>
    UNSPECA = 104,
    /// <summary>Transaction key establishment, in queries only (RFC 2930).</summary>
    TKEY = 249,
    /// <summary>Transaction signature, the last record of a signed message (RFC 8945).</summary>
    TSIG = 250,
    /// <summary>Query type: an incremental zone transfer (RFC 1995).</summary>
    IXFR = 251,
    /// <summary>Query type: a whole-zone transfer (RFC 1035, RFC 5936).</summary>
    AXFR = 252,
    /// <summary>Query type: the mailbox records MB, MG and MR (RFC 1035).</summary>
    MAILB = 253,
    /// <summary>Query type: mail agent records; obsolete (RFC 1035).</summary>
    MAILA = 254,
    /// <summary>Query type "*": every record of the name (RFC 1035; servers may answer minimally, RFC 8482).</summary>
    ANY = 255,
    /// <summary>A URI with priority and weight (RFC 7553).</summary>
    URI = 256,
}

/// <summary>Record classes. In mDNS the top bit of a question's class asks for a unicast reply (QU) and of a record's class means "cache flush".</summary>
public enum DnsClass : ushort
{
    /// <summary>The Internet (RFC 1035).</summary>
    IN = 1,
    /// <summary>Chaosnet; today used for server queries such as version.bind TXT.</summary>
    CHAOS = 3,
    /// <summary>Hesiod (MIT Athena).</summary>
    HS = 4,
    /// <summary>Query class "*": any class.</summary>
    ANY = 255,
}

/// <summary>The OPCODE field of the header (4 bits, RFC 1035 §4.1.1): what kind of request a message is.</summary>
public enum DnsOpcode : byte
{
    /// <summary>A standard query (QUERY, RFC 1035).</summary>
    Query = 0,
    /// <summary>An inverse query (IQUERY); obsolete (RFC 3425).</summary>
    InverseQuery = 1,
    /// <summary>A server status request (STATUS, RFC 1035); unused in practice.</summary>
    Status = 2,
    /// <summary>A zone change notification (NOTIFY, RFC 1996).</summary>
    Notify = 4,
    /// <summary>A dynamic update (UPDATE, RFC 2136).</summary>
    Update = 5,
}

/// <summary>Response codes; values above 15 need the extended bits of an EDNS OPT record.</summary>
public enum DnsResponseCode : ushort
{
    /// <summary>No error (NOERROR).</summary>
    NoError = 0,
    /// <summary>The server could not interpret the query (FORMERR, RFC 1035).</summary>
    FormErr = 1,
    /// <summary>The server failed to answer (SERVFAIL, RFC 1035).</summary>
    ServFail = 2,
    /// <summary>The name does not exist (NXDOMAIN, RFC 1035).</summary>
    NXDomain = 3,
    /// <summary>The server does not support the query kind (NOTIMP, RFC 1035).</summary>
    NotImp = 4,
    /// <summary>The server refuses for policy reasons (REFUSED, RFC 1035).</summary>
    Refused = 5,
    /// <summary>A name exists that should not (YXDOMAIN, RFC 2136).</summary>
    YXDomain = 6,
    /// <summary>An RRset exists that should not (YXRRSET, RFC 2136).</summary>
    YXRRSet = 7,
    /// <summary>An RRset that should exist does not (NXRRSET, RFC 2136).</summary>
    NXRRSet = 8,
    /// <summary>The server is not authoritative for the zone, or the TSIG is not authorised (NOTAUTH, RFC 2136, RFC 8945).</summary>
    NotAuth = 9,
    /// <summary>A name is outside the zone (NOTZONE, RFC 2136).</summary>
    NotZone = 10,
    /// <summary>Unsupported EDNS version (BADVERS, RFC 6891); also BADSIG in TSIG (RFC 8945).</summary>
    BadVers = 16,
    /// <summary>The key is not recognised (BADKEY, RFC 8945).</summary>
    BadKey = 17,
    /// <summary>The signature is outside its time window (BADTIME, RFC 8945).</summary>
    BadTime = 18,
    /// <summary>Bad TKEY mode (BADMODE, RFC 2930).</summary>
    BadMode = 19,
    /// <summary>Duplicate key name (BADNAME, RFC 2930).</summary>
    BadName = 20,
    /// <summary>Algorithm not supported (BADALG, RFC 2930).</summary>
    BadAlg = 21,
    /// <summary>Bad truncation of a TSIG MAC (BADTRUNC, RFC 8945).</summary>
    BadTrunc = 22,
    /// <summary>Bad or missing server cookie (BADCOOKIE, RFC 7873).</summary>
    BadCookie = 23,
}

/// <summary>Header flag bits (the 16-bit word after the id).</summary>
[Flags]
public enum DnsFlags : ushort
{
    /// <summary>No flag set: a query, not recursive.</summary>
    None = 0,
    /// <summary>CD: the client does its own DNSSEC validation; the resolver should not (RFC 4035).</summary>
    CheckingDisabled = 0x0010,
    /// <summary>AD: the resolver validated every answer with DNSSEC (RFC 4035).</summary>
    AuthenticData = 0x0020,
    /// <summary>RA: the server offers recursion (RFC 1035).</summary>
    RecursionAvailable = 0x0080,
    /// <summary>RD: the client asks the server to resolve recursively; copied into the response (RFC 1035).</summary>
    RecursionDesired = 0x0100,
    /// <summary>TC: the message was cut to fit the transport; retry over TCP (RFC 1035).</summary>
    Truncated = 0x0200,
    /// <summary>AA: the answer comes from a server authoritative for the name (RFC 1035).</summary>
    Authoritative = 0x0400,
    /// <summary>QR: the message is a response (clear in a query).</summary>
    Response = 0x8000,
}
