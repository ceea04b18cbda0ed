using System.Buffers.Binary;

namespace SockScope.TestSupport;

/// <summary>
/// An independent reader of IPFIX (RFC 7011) and NetFlow v9 (RFC 3954) messages for tests: it
/// learns templates and options templates, checks every length, and returns the data records as
/// element-to-bytes maps. Malformed input (a set longer than the message, a record of an unknown
/// template, a wrong NetFlow v9 record count) throws <see cref="InvalidDataException"/>.
/// </summary>
public sealed class FlowExportDecoder
{
    /// <summary>One field of a learned template.</summary>
    public readonly record struct Field(ushort Element, ushort Length, uint Enterprise);

    /// <summary>One data record: its template and its values by (element, enterprise).</summary>
    public sealed record Record(ushort TemplateId, bool IsOptions, Dictionary<(ushort Element, uint Enterprise), byte[]> Values)
    {
        /// <summary>An unsigned value (big-endian, any length up to 8), or null when absent.</summary>
        public ulong? Get(ushort element, uint enterprise = 0)
        {
            if (!Values.TryGetValue((element, enterprise), out byte[]? bytes)) return null;
            ulong v = 0;
            foreach (byte b in bytes) v = v << 8 | b;
            return v;
        }

        /// <summary>The raw bytes of a value.</summary>
        public byte[] Bytes(ushort element, uint enterprise = 0) => Values[(element, enterprise)];
    }

    /// <summary>One decoded message.</summary>
    public sealed record Message(int Version, uint Sequence, uint Domain, uint ExportSeconds, int TemplateRecords, List<Record> Records);

    private readonly Dictionary<(uint Domain, ushort Id), (Field[] Fields, int Scope)> _templates = [];

    /// <summary>Templates learned so far.</summary>
    public int TemplateCount => _templates.Count;

    /// <summary>Forgets the templates (a collector restart).</summary>
    public void Reset() => _templates.Clear();

    /// <summary>Decodes one message (IPFIX or NetFlow v9, by its version field).</summary>
    public Message Decode(ReadOnlySpan<byte> m)
    {
        if (m.Length < 4) throw new InvalidDataException("shorter than a header");
        int version = BinaryPrimitives.ReadUInt16BigEndian(m);
        int headerLength, end;
        uint sequence, domain, seconds;
        int declaredCount = -1;
        if (version == 10)
        {
            if (m.Length < 16) throw new InvalidDataException("IPFIX header truncated");
            end = BinaryPrimitives.ReadUInt16BigEndian(m[2..]);
            if (end != m.Length) throw new InvalidDataException($"IPFIX length {end} but {m.Length} bytes");
            seconds = BinaryPrimitives.ReadUInt32BigEndian(m[4..]);
            sequence = BinaryPrimitives.ReadUInt32BigEndian(m[8..]);
            domain = BinaryPrimitives.ReadUInt32BigEndian(m[12..]);
            headerLength = 16;
        }
        else if (version == 9)
        {
            if (m.Length < 20) throw new InvalidDataException("NetFlow v9 header truncated");
            declaredCount = BinaryPrimitives.ReadUInt16BigEndian(m[2..]);
            seconds = BinaryPrimitives.ReadUInt32BigEndian(m[8..]);
            sequence = BinaryPrimitives.ReadUInt32BigEndian(m[12..]);
            domain = BinaryPrimitives.ReadUInt32BigEndian(m[16..]);
            headerLength = 20;
            end = m.Length;
        }
        else throw new InvalidDataException($"version {version}");

        var records = new List<Record>();
        int templates = 0;
        int offset = headerLength;
        while (offset < end)
        {
            if (end - offset < 4) throw new InvalidDataException("set header truncated");
            ushort setId = BinaryPrimitives.ReadUInt16BigEndian(m[offset..]);
            int setLength = BinaryPrimitives.ReadUInt16BigEndian(m[(offset + 2)..]);
            if (setLength < 4 || offset + setLength > end) throw new InvalidDataException($"set {setId} length {setLength} at {offset}");
            ReadOnlySpan<byte> body = m.Slice(offset + 4, setLength - 4);
            bool ipfix = version == 10;
            if ((ipfix && setId == 2) || (!ipfix && setId == 0)) templates += ReadTemplates(body, domain, options: false, ipfix);
            else if ((ipfix && setId == 3) || (!ipfix && setId == 1)) templates += ReadTemplates(body, domain, options: true, ipfix);
            else if (setId >= 256) ReadData(body, domain, setId, records);
            else throw new InvalidDataException($"set id {setId}");
            offset += setLength;
        }
        if (declaredCount >= 0 && declaredCount != templates + records.Count)
            throw new InvalidDataException($"NetFlow v9 count {declaredCount} but {templates + records.Count} records");
        return new Message(version, sequence, domain, seconds, templates, records);
    }

    private int ReadTemplates(ReadOnlySpan<byte> body, uint domain, bool options, bool ipfix)
    {
        int count = 0;
        int offset = 0;
        while (body.Length - offset >= 4)
        {
            ushort id = BinaryPrimitives.ReadUInt16BigEndian(body[offset..]);
            if (id == 0 && options) break; // padding
            int fieldCount, scope;
            if (!options)
            {
                fieldCount = BinaryPrimitives.ReadUInt16BigEndian(body[(offset + 2)..]);
                scope = 0;
                offset += 4;
            }
            else if (ipfix)
            {
                fieldCount = BinaryPrimitives.ReadUInt16BigEndian(body[(offset + 2)..]);
                scope = BinaryPrimitives.ReadUInt16BigEndian(body[(offset + 4)..]);
                offset += 6;
            }
            else
            {
                int scopeBytes = BinaryPrimitives.ReadUInt16BigEndian(body[(offset + 2)..]);
                int optionBytes = BinaryPrimitives.ReadUInt16BigEndian(body[(offset + 4)..]);
                scope = scopeBytes / 4;
                fieldCount = scope + optionBytes / 4;
                offset += 6;
            }
            if (id < 256) throw new InvalidDataException($"template id {id}");
            var fields = new Field[fieldCount];
            for (int i = 0; i < fieldCount; i++)
            {
                if (body.Length - offset < 4) throw new InvalidDataException("field specifier truncated");
                ushort element = BinaryPrimitives.ReadUInt16BigEndian(body[offset..]);
                ushort length = BinaryPrimitives.ReadUInt16BigEndian(body[(offset + 2)..]);
                offset += 4;
                uint enterprise = 0;
                if (ipfix && (element & 0x8000) != 0)
                {
                    enterprise = BinaryPrimitives.ReadUInt32BigEndian(body[offset..]);
                    offset += 4;
                    element &= 0x7FFF;
                }
                fields[i] = new Field(element, length, enterprise);
            }
            _templates[(domain, id)] = (fields, scope);
            count++;
            if (options) break; // one options template per set here; the rest is padding
        }
        return count;
    }

    private void ReadData(ReadOnlySpan<byte> body, uint domain, ushort id, List<Record> records)
    {
        if (!_templates.TryGetValue((domain, id), out var template)) throw new InvalidDataException($"no template {id}");
        int length = template.Fields.Sum(f => f.Length);
        int offset = 0;
        while (body.Length - offset >= length)
        {
            var values = new Dictionary<(ushort, uint), byte[]>();
            foreach (Field f in template.Fields)
            {
                values[(f.Element, f.Enterprise)] = body.Slice(offset, f.Length).ToArray();
                offset += f.Length;
            }
            records.Add(new Record(id, template.Scope > 0, values));
        }
        if (body.Length - offset > 3) throw new InvalidDataException($"{body.Length - offset} bytes left in set {id}");
    }
}
