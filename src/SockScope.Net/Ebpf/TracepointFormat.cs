using System.Globalization;

namespace SockScope.Net.Ebpf;

/// <summary>One field of a tracepoint's record: where the kernel puts it in the program's context.</summary>
public readonly record struct TracepointField(string Name, int Offset, int Size, bool Signed);

/// <summary>
/// A tracepoint's id and record layout, read at run time from
/// TRACEFS/events/CATEGORY/NAME/{id,format}, so that no offset is compiled in.
/// </summary>
public sealed class TracepointFormat
{
    private readonly Dictionary<string, TracepointField> _fields;

    private TracepointFormat(string category, string name, int id, Dictionary<string, TracepointField> fields)
    {
        Category = category;
        Name = name;
        Id = id;
        _fields = fields;
    }

    /// <summary>The tracepoint's category (the events/ subdirectory), e.g. <c>syscalls</c>.</summary>
    public string Category { get; }
    /// <summary>The tracepoint's name, e.g. <c>sys_enter_socket</c>.</summary>
    public string Name { get; }
    /// <summary>The tracepoint's id from its <c>id</c> file: the perf event config that selects it.</summary>
    public int Id { get; }
    /// <summary>Every field the format file lists, the common_* header fields included.</summary>
    public IReadOnlyCollection<TracepointField> Fields => _fields.Values;

    /// <summary>The field named <paramref name="field"/>.</summary>
    /// <exception cref="KeyNotFoundException">When the tracepoint has no such field (the kernel's layout differs from what the caller expects).</exception>
    public TracepointField this[string field] => _fields.TryGetValue(field, out TracepointField f)
        ? f : throw new KeyNotFoundException($"tracepoint {Category}/{Name} has no field '{field}'");

    /// <summary>Looks up a field by name; false when the tracepoint has none by that name.</summary>
    public bool TryGetField(string field, out TracepointField value) => _fields.TryGetValue(field, out value);

    /// <summary>Reads the id and format of TRACEFS/events/CATEGORY/NAME.</summary>
    /// <param name="tracefs">The tracefs mount point (see <see cref="Tracefs.Locate"/>).</param>
    /// <param name="category">The event category, e.g. <c>syscalls</c>.</param>
    /// <param name="name">The event name, e.g. <c>sys_enter_connect</c>.</param>
    /// <exception cref="NetOperationException">When the tracepoint does not exist in this kernel.</exception>
    public static TracepointFormat Read(string tracefs, string category, string name)
    {
        string directory = Path.Combine(tracefs, "events", category, name);
        if (!Directory.Exists(directory))
            throw new NetOperationException("tracepoint", Interop.Errno.ENOENT, $"tracepoint {category}/{name} does not exist in this kernel ({directory})");
        int id = int.Parse(File.ReadAllText(Path.Combine(directory, "id")).Trim(), CultureInfo.InvariantCulture);
        return Parse(category, name, id, File.ReadAllText(Path.Combine(directory, "format")));
    }

    /// <summary>Parses the "field:TYPE NAME;\toffset:N;\tsize:N;\tsigned:N;" lines of a format file.</summary>
    public static TracepointFormat Parse(string category, string name, int id, string formatText)
    {
        var fields = new Dictionary<string, TracepointField>(StringComparer.Ordinal);
        foreach (string rawLine in formatText.Split('\n'))
        {
            string line = rawLine.Trim();
            if (!line.StartsWith("field:", StringComparison.Ordinal)) continue;
            string[] parts = line.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 4) continue;
            string declaration = parts[0]["field:".Length..].Trim();
            int bracket = declaration.IndexOf('[');
            if (bracket >= 0) declaration = declaration[..bracket];
            string fieldName = declaration[(declaration.LastIndexOfAny([' ', '*']) + 1)..];
            int offset = Value(parts, "offset:"), size = Value(parts, "size:");
            bool signed = Value(parts, "signed:") == 1;
            if (offset >= 0 && size > 0) fields[fieldName] = new TracepointField(fieldName, offset, size, signed);
        }
        return new TracepointFormat(category, name, id, fields);
    }

    private static int Value(string[] parts, string key)
    {
        foreach (string p in parts)
            if (p.StartsWith(key, StringComparison.Ordinal) && int.TryParse(p.AsSpan(key.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
                return v;
        return -1;
    }
}
