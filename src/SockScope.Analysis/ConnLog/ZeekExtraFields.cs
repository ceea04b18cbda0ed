using SockScope.Analysis.Flows;

namespace SockScope.Analysis.ConnLog;

/// <summary>One extra conn.log column: its name and its Zeek type (count, int, string, ...).</summary>
/// <param name="Name">The column's name in #fields and the JSON key.</param>
/// <param name="Type">The Zeek type in #types; count, int, double, port, bool, time and interval are written bare in JSON, the rest quoted.</param>
public readonly record struct ZeekField(string Name, string Type);

/// <summary>
/// Columns a caller appends after community_id, with values from outside the analysis (the live
/// `flows --process` names each side's process this way; SockScope.Analysis knows nothing of processes).
/// The writer escapes the values as the format wants (TSV: \xNN; JSON: \" \\ \u00NN).
/// </summary>
public abstract class ZeekExtraFields
{
    /// <summary>The most bytes one value may take.</summary>
    public const int MaxValueBytes = 256;

    /// <summary>The columns, in order.</summary>
    public abstract IReadOnlyList<ZeekField> Fields { get; }

    /// <summary>
    /// Writes the UTF-8 value of column <paramref name="field"/> for <paramref name="flow"/> into
    /// <paramref name="destination"/> (<see cref="MaxValueBytes"/> long); returns its length, or -1
    /// when the value is unset ("-" in TSV, left out in JSON).
    /// </summary>
    public abstract int Format(Flow flow, int field, Span<byte> destination);
}
