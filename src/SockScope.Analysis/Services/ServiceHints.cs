namespace SockScope.Analysis.Services;

/// <summary>
/// What one direction of a TCP connection has shown so far: each bit is one side of a Zeek DPD
/// signature (or a parse an analyzer would accept). A connection's service is confirmed when the
/// bits of both directions (and the port) together satisfy a rule in <see cref="ServiceSignatures.ConfirmTcp"/>.
/// </summary>
[Flags]
internal enum ServiceHints : ushort
{
    None = 0,
    TlsClientHello = 1 << 0,
    TlsServerHello = 1 << 1,
    /// <summary>GET, HEAD or POST at the start of the stream (Zeek's dpd_http_client).</summary>
    HttpSignatureRequest = 1 << 2,
    /// <summary>Any well-formed request line (what the HTTP analyzer on its own port accepts).</summary>
    HttpRequest = 1 << 3,
    HttpStatus = 1 << 4,
    SshBanner = 1 << 5,
    FtpUser = 1 << 6,
    FtpGreeting = 1 << 7,
    FtpLoginReply = 1 << 8,
    SmtpHelo = 1 << 9,
    SmtpGreeting = 1 << 10,
    Pop3Command = 1 << 11,
    Pop3Ok = 1 << 12,
    DnsMessage = 1 << 13,
}
