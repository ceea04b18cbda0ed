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

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out DnsMessage message, out WireError error)
    {
        message = new DnsMessage(bytes);
        error = bytes.Length < DnsOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        if (error != WireError.None) message = default;
        return error == WireError.None;
    }

    public ReadOnlySpan<byte> Bytes => _b;
    public ushort Id => BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.Id..]);
    public DnsFlags Flags => (DnsFlags)BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.Flags..]);
    public bool IsResponse => (Flags & DnsFlags.Response) != 0;
    public DnsOpcode Opcode => (DnsOpcode)((_b[DnsOffsets.Flags] >> 3) & 0x0F);
    /// <summary>The four header bits of the response code (see <see cref="TryGetExtendedResponseCode"/> for EDNS).</summary>
    public DnsResponseCode ResponseCode => (DnsResponseCode)(_b[DnsOffsets.Flags + 1] & 0x0F);
    public ushort QuestionCount => BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.QuestionCount..]);
    public ushort AnswerCount => BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.AnswerCount..]);
    public ushort AuthorityCount => BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.AuthorityCount..]);
    public ushort AdditionalCount => BinaryPrimitives.ReadUInt16BigEndian(_b[DnsOffsets.AdditionalCount..]);

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
    public DnsResourceRecord(int nameOffset, DnsRecordType type, ushort @class, uint ttl, int dataOffset, ReadOnlySpan<byte> data)
    {
        NameOffset = nameOffset;
        Type = type;
        Class = @class;
        Ttl = ttl;
        DataOffset = dataOffset;
        Data = data;
    }

    public int NameOffset { get; }
    public DnsRecordType Type { get; }
    public ushort Class { get; }
    public uint Ttl { get; }
    public int DataOffset { get; }
    public ReadOnlySpan<byte> Data { get; }

    static int IDnsSectionEntry<DnsResourceRecord>.FixedLength => DnsOffsets.RecordFixedLength;

    /// <summary>RDLENGTH, the last field of the fixed part.</summary>
    static int IDnsSectionEntry<DnsResourceRecord>.VariableLength(ReadOnlySpan<byte> fixedPart) => BinaryPrimitives.ReadUInt16BigEndian(fixedPart[8..]);

    static DnsResourceRecord IDnsSectionEntry<DnsResourceRecord>.Create(int nameOffset, ReadOnlySpan<byte> fixedPart, int variableOffset, ReadOnlySpan<byte> variablePart) =>
        new(nameOffset, (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(fixedPart), BinaryPrimitives.ReadUInt16BigEndian(fixedPart[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(fixedPart[4..]), variableOffset, variablePart);
}
