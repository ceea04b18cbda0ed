using System.Globalization;
using System.Text;
using SockScope.Wire.Decoding;

namespace SockScope.Analysis.Statistics;

/// <summary>
/// `-z io,stat,INTERVAL[,FILTER]...`: frames and bytes per time interval, one column per filter
/// (an empty filter counts every frame). Filters are pcap-filter expressions (tshark takes display
/// filters); the column heading shows the text as given. Intervals are counted in microseconds
/// from the first frame, and the table is laid out with tshark 4.0's widths and quirks (the last
/// row ends at "Dur", widths follow the largest count, a long filter wraps).
/// </summary>
public sealed class IoStatTap : StatisticsTap
{
    private const ulong MaxInterval = ulong.MaxValue;

    /// <summary>Rows printed at most by default (a capture whose clock jumps years would otherwise print without end).</summary>
    public const long DefaultMaxRows = 100_000;

    /// <summary>Rows printed at most; beyond, one line says how many were left out.</summary>
    public long MaxRows { get; init; } = DefaultMaxRows;
    private readonly ulong _interval;          // microseconds; MaxInterval = the whole capture
    private readonly int _precision;           // decimal places the user gave (tshark's invl_prec)
    private readonly Column[] _columns;
    private ulong _lastRelative;

    private IoStatTap(string spec, ulong interval, int precision, Column[] columns) : base(spec)
    {
        _interval = interval;
        _precision = precision;
        _columns = columns;
    }

    /// <summary>Parses `io,stat,INTERVAL[,FILTER]...` (already split at commas).</summary>
    internal static IoStatTap Create(string spec, string[] parts, IFrameFilterCompiler? compiler, long maxRows)
    {
        string intervalText = parts[2];
        if (spec.EndsWith(',') || !double.TryParse(intervalText, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            || double.IsNaN(seconds) || seconds < 0 || seconds > 1e12)
            throw new StatisticsSpecException($"'{spec}': invalid io,stat (io,stat,INTERVAL[,FILTER]...; INTERVAL in seconds, 0 = the whole capture)");
        ulong interval;
        int precision;
        if (seconds == 0)
        {
            interval = MaxInterval;
            precision = 0;
        }
        else
        {
            interval = (ulong)(seconds * 1000000.0 + 0.5);
            precision = 6;
            for (ulong i = 10; i < 10000000; i *= 10)
            {
                if (interval % i > 0) break;
                precision--;
            }
            if (precision == 0)
            {
                // Zeros after the point ("1.00") ask for that many decimals.
                int dot = intervalText.IndexOf('.');
                if (dot >= 0 && intervalText.Length - dot - 1 > 0) precision = Math.Min(intervalText.Length - dot - 1, 6);
            }
        }
        if (interval < 1)
            throw new StatisticsSpecException($"'{spec}': the interval must be at least 0.000001 seconds, or 0 for the whole capture");
        var columns = new List<Column>();
        if (parts.Length == 3) columns.Add(new Column(null));
        for (int i = 3; i < parts.Length; i++)
        {
            string text = parts[i];
            if (text.Length == 0)
            {
                columns.Add(new Column(null));
                continue;
            }
            if (text.Contains('(', StringComparison.Ordinal) && text.Contains(')', StringComparison.Ordinal)
                && text.Split('(')[0] is "COUNT" or "SUM" or "MIN" or "MAX" or "AVG" or "LOAD" or "FRAMES" or "BYTES")
                throw new StatisticsSpecException($"'{spec}': only frame and byte counts are supported, not {text.Split('(')[0]}()");
            if (compiler is null) throw new StatisticsSpecException($"'{spec}': column filters need a filter compiler");
            columns.Add(new Column(new FrameFilterSlot(text, compiler)));
        }
        return new IoStatTap(spec, interval, precision, [.. columns]) { MaxRows = maxRows };
    }

    /// <summary>Compiles every column filter for <paramref name="linkType"/> (a bad filter fails before the first frame).</summary>
    public void Prepare(SockScope.Wire.LinkType linkType)
    {
        foreach (Column c in _columns) c.Filter?.Prepare(linkType);
    }

    /// <inheritdoc />
    public override void Add(in StatisticsFrame frame, long relativeNanoseconds, ReadOnlySpan<byte> data, in DecodedPacket decoded)
    {
        foreach (Column column in _columns)
        {
            if (column.Filter is not null && !column.Filter.Matches(frame, data)) continue;
            // A frame earlier than the first takes the last good time (tshark does not drop it).
            ulong relative;
            if (relativeNanoseconds >= 0)
            {
                relative = (ulong)(relativeNanoseconds / 1_000_000_000) * 1_000_000 + (ulong)((relativeNanoseconds % 1_000_000_000 + 500) / 1000);
                _lastRelative = relative;
            }
            else relative = _lastRelative;
            // Rows open as time moves forward; a frame from the past counts in the newest row.
            // Only rows with frames are stored, so a capture spanning years costs nothing here.
            if (_interval != MaxInterval)
            {
                long row = (long)Math.Min(relative / _interval, long.MaxValue / 2);
                if (row > column.Current) column.Current = row;
            }
            (long frames, long bytes) = column.Rows.GetValueOrDefault(column.Current);
            frames++;
            bytes += frame.WireLength;
            column.Rows[column.Current] = (frames, bytes);
            column.MaxFrames = Math.Max(column.MaxFrames, frames);
            column.MaxBytes = Math.Max(column.MaxBytes, bytes);
        }
    }

    private static int Magnitude(ulong value, int maxWidth)
    {
        int mag = 0;
        for (int i = 0; i < maxWidth; i++)
        {
            mag++;
            if ((value /= 10) == 0) break;
        }
        return mag;
    }

    /// <inheritdoc />
    public override void Write(StringBuilder output, long elapsedNanoseconds)
    {
        long elapsed = Math.Max(0, elapsedNanoseconds);
        ulong duration = (ulong)(elapsed / 1_000_000_000) * 1_000_000 + (ulong)((elapsed % 1_000_000_000 + 500) / 1000);
        ulong interval;
        bool wholeCapture = _interval == MaxInterval || _interval > duration;
        interval = wholeCapture ? duration : _interval;

        int durSecsOrig = (int)(duration / 1000000);
        int durNsecsOrig = (int)(duration % 1000000);
        int durMag = Magnitude((ulong)durSecsOrig, 5);
        int durMagText = durMag;              // tshark formats with the magnitude before rounding
        int invlMag = Magnitude(interval / 1000000, 5);
        int precision;
        int borderLength;
        if (interval == duration)
        {
            precision = durMag >= 2 ? 1 : durMag == 1 ? 3 : 6;
            borderLength = 30 + durMag + (precision == 0 ? 0 : precision + 1);
        }
        else
        {
            precision = Math.Min(_precision, 6);
            borderLength = 25 + Math.Max(invlMag, durMag) + (precision == 0 ? 0 : precision + 1);
        }
        ulong dv = 1000000;
        for (int i = 0; i < precision; i++) dv /= 10;
        int durSecs = durSecsOrig, durNsecs = durNsecsOrig;
        if (duration % dv > 5 * (dv / 10))
        {
            duration += 5 * (dv / 10);
            duration = duration / dv * dv;
            durSecs = (int)(duration / 1000000);
            durNsecs = (int)(duration % 1000000);
            durMag = Magnitude((ulong)durSecs, 5);
        }
        if (wholeCapture) interval = duration;

        int intervalWidth = precision == 0 ? 2 * durMag + 8 : 2 * durMag + 2 * precision + 10;
        intervalWidth = Math.Max(intervalWidth, 12);
        borderLength = Math.Max(borderLength, intervalWidth);

        int rowWidth = intervalWidth;
        var frameWidths = new int[_columns.Length];
        var byteWidths = new int[_columns.Length];
        for (int j = 0; j < _columns.Length; j++)
        {
            frameWidths[j] = Math.Max(6, Magnitude((ulong)_columns[j].MaxFrames, 15));
            byteWidths[j] = Math.Max(5, Magnitude((ulong)_columns[j].MaxBytes, 15));
            rowWidth += frameWidths[j] + 3 + byteWidths[j] + 3;
        }
        borderLength = Math.Max(borderLength, rowWidth);
        int widestFilter = 0;
        foreach (Column c in _columns)
            widestFilter = Math.Max(widestFilter, c.Filter is null ? 26 : c.Filter.Expression.Length + 11);
        if (widestFilter > borderLength && borderLength < 102) borderLength = Math.Min(widestFilter, 102);
        if (borderLength - rowWidth == 1) borderLength++;

        string Spaces(int from) => new(' ', Math.Max(0, borderLength - from));
        string U(long value, int width) => TsharkText.Right(value, width);
        string Z(long value, int width) => value.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');

        output.Append('\n').Append('=', borderLength);
        output.Append("\n| IO Statistics").Append(Spaces(16)).Append("|\n");
        output.Append('|').Append(Spaces(2)).Append("|\n");
        if (precision == 0)
        {
            output.Append("| Duration: ").Append(U(durSecsOrig, durMagText)).Append('.').Append(U(durNsecsOrig, 6)).Append(" secs").Append(Spaces(25 + durMag)).Append("|\n");
            output.Append("| Interval: ").Append(U((long)(interval / 1000000), durMagText)).Append(" secs").Append(Spaces(18 + durMag)).Append("|\n");
        }
        else
        {
            output.Append("| Duration: ").Append(U(durSecs, durMagText)).Append('.').Append(Z(durNsecs / (int)dv, precision)).Append(" secs").Append(Spaces(19 + durMag + precision)).Append("|\n");
            output.Append("| Interval: ").Append(U((long)(interval / 1000000), durMagText)).Append('.').Append(Z((long)(interval % 1000000 / dv), precision)).Append(" secs").Append(Spaces(19 + durMag + precision)).Append("|\n");
        }
        output.Append('|').Append(Spaces(2)).Append("|\n");
        output.Append("| Col");
        for (int j = 0; j < _columns.Length; j++)
        {
            output.Append(j == 0 ? "" : "|    ").Append(U(j + 1, 2)).Append(": ");
            if (_columns[j].Filter is not { } filter)
            {
                output.Append("Frames and bytes").Append(Spaces(26)).Append("|\n");
                continue;
            }
            string text = filter.Expression;
            if (text.Length + 11 <= borderLength)
            {
                output.Append(text).Append(Spaces(text.Length + 10)).Append("|\n");
                continue;
            }
            int maxWidth = borderLength - 11;
            while (true)
            {
                if (text.Length > maxWidth)
                {
                    string head = text[..maxWidth];
                    int space = head.LastIndexOf(' ');
                    int length = space >= 0 ? space : head.Length;
                    int next = space >= 0 ? space + 1 : head.Length;
                    output.Append(head[..length]).Append(Spaces(length + 10)).Append("|\n");
                    output.Append("|        ");
                    text = text[next..];
                }
                else
                {
                    output.Append(text).Append(Spaces(text.Length + 10)).Append("|\n");
                    break;
                }
            }
        }
        output.Append("|-").Append('-', Math.Max(0, borderLength - 3)).Append("|\n");
        output.Append('|').Append(Spaces(borderLength - (intervalWidth - 2))).Append('|');
        for (int j = 0; j < _columns.Length; j++)
            output.Append((j + 1).ToString(CultureInfo.InvariantCulture).PadRight(2)).Append(Spaces(borderLength - (frameWidths[j] + byteWidths[j]) - 3)).Append('|');
        string? filler = rowWidth < borderLength ? Spaces(rowWidth + 1) + "|" : null;
        output.Append(filler);
        output.Append("\n| Interval").Append(Spaces(borderLength - (intervalWidth - 11))).Append('|');
        for (int j = 0; j < _columns.Length; j++)
        {
            PrintCenter(output, "Frames", frameWidths[j]);
            PrintCenter(output, "Bytes", byteWidths[j]);
        }
        output.Append(filler);
        output.Append("\n|-").Append('-', Math.Max(0, rowWidth - 3)).Append('|');
        output.Append(filler).Append('\n');

        long rows = interval == 0 || duration == 0 ? 0 : (long)(duration / interval) + (duration % interval > 0 ? 1 : 0);
        ulong t = 0;
        for (long i = 0; i < rows; i++)
        {
            if (i == MaxRows)
            {
                // tshark would go on for as long as the file's clock jumps; a bound keeps output finite.
                output.Append("| ... ").Append((rows - i).ToString(CultureInfo.InvariantCulture)).Append(" more rows not shown (more than ")
                    .Append(MaxRows.ToString(CultureInfo.InvariantCulture)).Append(" intervals) |\n");
                break;
            }
            bool lastRow = i == rows - 1;
            ulong end = lastRow ? duration : t + interval;
            if (precision == 0)
            {
                output.Append(durMag == 1 ? "|  " : "| ").Append(U((long)(t / 1000000), durMagText)).Append(" <> ");
                if (lastRow) output.Append("Dur".PadRight(durMag >= 3 ? durMag + 1 : 3)).Append('|');
                else output.Append(U((long)(end / 1000000), durMagText)).Append(durMag == 1 ? "  |" : " |");
            }
            else
            {
                output.Append("| ").Append(U((long)(t / 1000000), durMagText)).Append('.').Append(Z((long)(t % 1000000 / dv), precision))
                    .Append(" <> ").Append(U((long)(end / 1000000), durMagText)).Append('.').Append(Z((long)(end % 1000000 / dv), precision)).Append(" |");
            }
            for (int j = 0; j < _columns.Length; j++)
            {
                Column c = _columns[j];
                (long frames, long bytes) = c.Rows.GetValueOrDefault(i);
                output.Append(' ').Append(U(frames, frameWidths[j])).Append(" | ").Append(U(bytes, byteWidths[j])).Append(" |");
            }
            output.Append(filler).Append('\n');
            t += interval;
        }
        output.Append('=', borderLength).Append('\n');
    }

    /// <summary>tshark's printcenter: a label centred in a column of <paramref name="width"/> plus one pad each side.</summary>
    private static void PrintCenter(StringBuilder output, string label, int width)
    {
        const string Six = "      ";
        int len = Six.Length - ((width - label.Length) / 2 + 1);
        if (len > 0 && len < 6)
        {
            string pad = Six[len..];
            if ((width - label.Length) % 2 == 0) output.Append(pad).Append(label).Append(pad).Append('|');
            else output.Append(Six[(len - 1)..]).Append(label).Append(pad).Append('|');
        }
        else if (len > 0 && len <= 15)
        {
            output.Append(label).Append('|');
        }
    }

    private sealed class Column(FrameFilterSlot? filter)
    {
        public FrameFilterSlot? Filter { get; } = filter;
        public Dictionary<long, (long Frames, long Bytes)> Rows { get; } = [];
        public long Current { get; set; }
        public long MaxFrames { get; set; }
        public long MaxBytes { get; set; }
    }
}
