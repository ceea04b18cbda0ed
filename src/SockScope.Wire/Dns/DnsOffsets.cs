namespace SockScope.Wire.Dns;

/// <summary>Field offsets of the DNS message header (RFC 1035 section 4.1.1).</summary>
internal static class DnsOffsets
{
    public const int Id = 0;
    public const int Flags = 2;
    public const int QuestionCount = 4;
    public const int AnswerCount = 6;
    public const int AuthorityCount = 8;
    public const int AdditionalCount = 10;
    public const int HeaderLength = 12;

    /// <summary>Type, class, TTL and RDLENGTH after a record's owner name.</summary>
    public const int RecordFixedLength = 10;
    /// <summary>Type and class after a question's name.</summary>
    public const int QuestionFixedLength = 4;

    public const byte PointerMask = 0xC0;
    public const byte ExtendedLabelMask = 0x40;
    public const int MaxNameLength = 255;
}
