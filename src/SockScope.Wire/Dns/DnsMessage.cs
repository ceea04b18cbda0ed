using System.Buffers.Binary;
using SockScope.Wire.Formatting;

namespace SockScope.Wire.Dns;

/// <summary>
/// A DNS message (RFC 1035) over UDP, or over TCP without its two-byte length prefix. Only the
/// 12-byte header is validated up front; the sections are read lazily through
/// <see cref="Questions"/> and <see cref="Records"/>, which stop at the first malformed entry.
/// </summary>
public readonly ref struct DnsMessage
{
    private readonly ReadOnlySpan<byte> _b;

    private DnsMessage(ReadOnlySpan<byte> b) => _b = b;

    /// <summary>Wraps <paramref name="bytes"/> as a DNS message (no copy).</summary>
    /// <param name="bytes">The UDP payload, or a TCP message without its length prefix.</param>
    /// <param name="message">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.Truncated"/> when fewer than the 12 header bytes are present.</param>
    /// <returns>True when the header is complete; the sections are checked only as they are read.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out DnsMessage message, out WireError error)
    {
        message = new DnsMessage(bytes);
        error = bytes.Length < DnsOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        if (error != WireError.None) message = default;
        return error == WireError.None;
    }

    /// <summary>The whole message, the base that name offsets and compression pointers are relative to.</summary>
    public ReadOnlySpan<byte> Bytes => _b;
    /// <summary>ID (16 bits): chosen by the client and copied into the response to match the two.</summary>
    public ushort Id => BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.Id..]);
    /// <summary>The flag bits of the second header word (QR, AA, TC, RD, RA, AD, CD); opcode and rcode are read separately.</summary>
    public DnsFlags Flags => (DnsFlags)BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.Flags..]);
    /// <summary>True for a response (QR set), false for a query.</summary>
    public bool IsResponse => (Flags & DnsFlags.Response) != 0;
    /// <summary>OPCODE (4 bits of the second header word): the kind of request.</summary>
    public DnsOpcode Opcode => (DnsOpcode)((_b[DnsOffsets.Flags] >> 3) & 0x0F);
    /// <summary>The four header bits of the response code (see <see cref="TryGetExtendedResponseCode"/> for EDNS).</summary>
    public DnsResponseCode ResponseCode => (DnsResponseCode)(_b[DnsOffsets.Flags + 1] & 0x0F);
    /// <summary>QDCOUNT: the number of entries in the question section, as the header claims.</summary>
    public ushort QuestionCount => BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.QuestionCount..]);
    /// <summary>ANCOUNT: the number of records in the answer section, as the header claims.</summary>
    public ushort AnswerCount => BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.AnswerCount..]);
    /// <summary>NSCOUNT: the number of records in the authority section, as the header claims.</summary>
    public ushort AuthorityCount => BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.AuthorityCount..]);
    /// <summary>ARCOUNT: the number of records in the additional section (EDNS OPT included), as the header claims.</summary>
    public ushort AdditionalCount => BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.AdditionalCount..]);

    /// <summary>The question section, read entry by entry from offset 12; stops with an error at the first question that does not fit.</summary>
    public DnsSectionReader<DnsQuestion> Questions => new(_b, DnsOffsets.HeaderLength, QuestionCount);

    /// <summary>Answer, authority and additional records in order (after the questions); empty when a question is malformed.</summary>
    public DnsSectionReader<DnsResourceRecord> Records
    {
        get
        {
            DnsSectionReader<DnsQuestion> questions = Questions;
            while (questions.TryRead(out _)) { }
            if (questions.Error != WireError.None) return new(_b, _b.Length, 0);
            return new(_b, questions.Offset, AnswerCount + AuthorityCount + AdditionalCount);
        }
    }

    /// <summary>The first question, for one-line summaries and JSON.</summary>
    public bool TryGetFirstQuestion(out DnsQuestion question)
    {
        question = default;
        return QuestionCount > 0 && Questions.TryRead(out question);
    }

    /// <summary>Appends the first question's name ("example.com."); false, with nothing appended, when there is none or it is malformed.</summary>
    public bool TryWriteFirstQuestionName(Utf8Builder output) =>
        TryGetFirstQuestion(out DnsQuestion q) && DnsName.Write(_b, q.NameOffset, output, out _) == WireError.None;

    /// <summary>The response code with the upper eight bits from an OPT record's TTL, when the message has one.</summary>
    public bool TryGetExtendedResponseCode(out int responseCode)
    {
        responseCode = (int)ResponseCode;
        DnsSectionReader<DnsResourceRecord> records = Records;
        while (records.TryRead(out DnsResourceRecord rr))
        {
            if (rr.Type == DnsRecordType.OPT)
            {
                responseCode |= (int)(rr.Ttl >> 24) << 4;
                return true;
            }
        }
        return false;
    }
}

/// <summary>A question entry; the name is read from the message with <see cref="DnsName"/>.</summary>
public readonly record struct DnsQuestion(int NameOffset, DnsRecordType Type, ushort Class) : IDnsSectionEntry<DnsQuestion>
{
    static int IDnsSectionEntry<DnsQuestion>.FixedLength => DnsOffsets.QuestionFixedLength;

    static int IDnsSectionEntry<DnsQuestion>.VariableLength(ReadOnlySpan<byte> fixedPart) => 0;

    static DnsQuestion IDnsSectionEntry<DnsQuestion>.Create(int nameOffset, ReadOnlySpan<byte> fixedPart, int variableOffset, ReadOnlySpan<byte> variablePart) =>
        new(nameOffset, (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(fixedPart), BinaryPrimitives.ReadUInt16BigEndian(fixedPart[2..]));
}

/// <summary>A resource record; <see cref="Data"/> is the RDATA (names inside it may point anywhere in the message).</summary>
public readonly ref struct DnsResourceRecord : IDnsSectionEntry<DnsResourceRecord>
{
    /// <summary>Creates a record from its parts (the section reader does this).</summary>
    /// <param name="nameOffset">Offset of the owner name in the message.</param>
    /// <param name="type">TYPE.</param>
    /// <param name="class">CLASS (the raw 16 bits, mDNS cache-flush bit included).</param>
    /// <param name="ttl">TTL in seconds (for OPT: extended rcode, version and flags).</param>
    /// <param name="dataOffset">Offset of RDATA in the message.</param>
    /// <param name="data">RDATA, RDLENGTH bytes.</param>
    public DnsResourceRecord(int nameOffset, DnsRecordType type, ushort @class, uint ttl, int dataOffset, ReadOnlySpan<byte> data)
    {
        NameOffset = nameOffset;
        Type = type;
        Class = @class;
        Ttl = ttl;
        DataOffset = dataOffset;
        Data = data;
    }

    /// <summary>Offset of the owner name in the message; read it with <see cref="DnsName"/>.</summary>
    public int NameOffset { get; }
    /// <summary>TYPE: what the record holds (A, AAAA, CNAME, OPT ...).</summary>
    public DnsRecordType Type { get; }
    /// <summary>CLASS as 16 raw bits: <see cref="DnsClass"/> values, with mDNS's cache-flush bit (0x8000) kept; for OPT, the sender's UDP payload size.</summary>
    public ushort Class { get; }
    /// <summary>TTL in seconds a resolver may cache the record (for OPT: the extended rcode in the top byte, the EDNS version and flags below).</summary>
    public uint Ttl { get; }
    /// <summary>Offset of RDATA in the message, needed to follow compression pointers inside it.</summary>
    public int DataOffset { get; }
    /// <summary>RDATA, exactly RDLENGTH bytes.</summary>
    public ReadOnlySpan<byte> Data { get; }

    static int IDnsSectionEntry<DnsResourceRecord>.FixedLength => DnsOffsets.RecordFixedLength;

    /// <summary>RDLENGTH, the last field of the fixed part.</summary>
    static int IDnsSectionEntry<DnsResourceRecord>.VariableLength(ReadOnlySpan<byte> fixedPart) => BinaryPrimitives.ReadUInt16BigEndian(fixedPart[8..]);

    static DnsResourceRecord IDnsSectionEntry<DnsResourceRecord>.Create(int nameOffset, ReadOnlySpan<byte> fixedPart, int variableOffset, ReadOnlySpan<byte> variablePart) =>
        new(nameOffset, (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(fixedPart), BinaryPrimitives.ReadUInt16BigEndian(fixedPart[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(fixedPart[4..]), variableOffset, variablePart);
}
