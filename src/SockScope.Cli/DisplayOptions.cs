using SockScope.Wire.Formatting;

namespace SockScope.Cli;

/// <summary>
/// tcpdump's display flags, shared by `read` and `capture`: -t... -# -n -nn -v... -e -q -x -xx
/// -X -XX -A -c N --nano --time-stamp-precision=micro|nano --json.
/// </summary>
internal sealed class DisplayOptions
{
    public TimestampStyle Timestamps { get; set; } = TimestampStyle.TimeOfDay;
    /// <summary>--nano: print 9 fractional digits (tcpdump truncates to microseconds otherwise).</summary>
    public bool Nanoseconds { get; set; }
    /// <summary>-#: packet number, right-aligned in 5 columns and 2 spaces, before the timestamp.</summary>
    public bool PacketNumbers { get; set; }
    /// <summary>Number of -n flags.</summary>
    public int Numeric { get; set; }
    public int Verbosity { get; set; }
    public bool LinkHeader { get; set; }
    public bool Quiet { get; set; }
    /// <summary>-S: TCP sequence numbers as on the wire, not relative to the conversation's first.</summary>
    public bool AbsoluteTcpSequence { get; set; }
    /// <summary>False with -K: IP, TCP and UDP checksums are not verified (nor printed).</summary>
    public bool VerifyChecksums { get; set; } = true;
    /// <summary>-l: each line goes out as soon as it is printed (a pipe reader sees it at once).</summary>
    public bool LineBuffered { get; set; }
    public DumpStyle Dump { get; set; }
    /// <summary>-xx/-XX/-AA: dump from the first byte, link header included.</summary>
    public bool DumpLinkHeader { get; set; }
    /// <summary>-c N: stop after N packets (0: no limit).</summary>
    public long Count { get; set; }
    public bool Json { get; set; }

    private int _tCount;
    private int _xCount;
    private int _bigXCount;
    private int _aCount;

    /// <summary>The line writer's options for these flags; <paramref name="zone"/> null for the local zone.</summary>
    public TcpdumpLineOptions ToLineOptions(TimeZoneInfo? zone = null) => new()
    {
        Format = ToFormatOptions(),
        Timestamps = Timestamps,
        Precision = Nanoseconds ? TimestampPrecision.Nanoseconds : TimestampPrecision.Microseconds,
        TimeZone = zone,
        PacketNumbers = PacketNumbers,
        Dump = Dump,
        DumpLinkHeader = DumpLinkHeader,
    };

    public FormatOptions ToFormatOptions() => new()
    {
        Verbosity = Math.Min(Verbosity, 3),
        // tcpdump 4.99 keeps ports numeric from a single -n ("127.0.0.1.53"); -nn is accepted as well.
        NumericPorts = Numeric >= 1,
        LinkHeader = LinkHeader,
        Quiet = Quiet,
        AbsoluteTcpSequence = AbsoluteTcpSequence,
        VerifyChecksums = VerifyChecksums,
        InterfaceName = _interfaceNames.Lookup,
    };

    private readonly InterfaceNameCache _interfaceNames = new();

    /// <summary>The help lines for these flags, for the commands' Help texts.</summary>
    public const string HelpText =
        "  -t            no timestamp; -tt epoch seconds; -ttt delta since previous packet;\n" +
        "                -tttt date and time; -ttttt delta since the first packet\n" +
        "                (default: local time of day HH:MM:SS.uuuuuu; local means the TZ variable matters,\n" +
        "                use TZ=UTC for reproducible output)\n" +
        "  --nano, --time-stamp-precision=nano|micro\n" +
        "                print nanoseconds (9 digits); by default fractions are truncated to microseconds\n" +
        "  -#, --number  print a packet number before each line\n" +
        "  -n, -nn       print ports as numbers, as tcpdump does for either (addresses are never resolved)\n" +
        "  -v, -vv, -vvv more protocol detail\n" +
        "  -e            print the link-level header\n" +
        "  -q            quick output: less protocol information\n" +
        "  -S, --absolute-tcp-sequence-numbers\n" +
        "                TCP sequence numbers as on the wire (default: relative to the first of the conversation)\n" +
        "  -l            write each line out as soon as it is printed (for a pipe); `capture` already\n" +
        "                writes each ring block's lines as it arrives\n" +
        "  -K, --dont-verify-checksums\n" +
        "                with -v: do not verify IP, TCP and UDP checksums (nor print them)\n" +
        "  -x, -xx       hex dump of each packet (-x after the link header, -xx from the first byte)\n" +
        "  -X, -XX       hex and ASCII dump (-X after the link header, -XX from the first byte)\n" +
        "  -A            ASCII dump after the link header\n" +
        "  -c N          stop after N packets\n" +
        "  --json        one JSON object per packet and line instead of text\n";

    /// <summary>Applies <paramref name="option"/> if it is a display flag; false if the caller must handle it.</summary>
    public bool TryApply(string option, ArgReader args)
    {
        switch (option)
        {
            case "t":
                _tCount++;
                Timestamps = _tCount switch
                {
                    1 => TimestampStyle.None,
                    2 => TimestampStyle.Epoch,
                    3 => TimestampStyle.DeltaFromPrevious,
                    4 => TimestampStyle.Date,
                    _ => TimestampStyle.DeltaFromFirst,
                };
                return true;
            case "#" or "number":
                PacketNumbers = true;
                return true;
            case "n":
                Numeric++;
                return true;
            case "v":
                Verbosity++;
                return true;
            case "e":
                LinkHeader = true;
                return true;
            case "q":
                Quiet = true;
                return true;
            case "S" or "absolute-tcp-sequence-numbers":
                AbsoluteTcpSequence = true;
                return true;
            case "l":
                LineBuffered = true;
                return true;
            case "K" or "dont-verify-checksums":
                VerifyChecksums = false;
                return true;
            case "x":
                _xCount++;
                UpdateDump();
                return true;
            case "X":
                _bigXCount++;
                UpdateDump();
                return true;
            case "A":
                _aCount++;
                UpdateDump();
                return true;
            case "c":
                Count = args.IntValue(1);
                return true;
            case "nano":
                Nanoseconds = true;
                return true;
            case "micro":
                Nanoseconds = false;
                return true;
            case "time-stamp-precision":
                string precision = args.Value();
                Nanoseconds = precision switch
                {
                    "nano" => true,
                    "micro" => false,
                    _ => throw new UsageException($"option --time-stamp-precision: '{precision}' is not micro or nano"),
                };
                return true;
            case "json":
                Json = true;
                return true;
            default:
                return false;
        }
    }

    private void UpdateDump()
    {
        // As tcpdump: -X wins over -x, and either wins over -A; doubling any flag includes the link header.
        if (_bigXCount > 0)
        {
            Dump = DumpStyle.HexAndAscii;
            DumpLinkHeader = _bigXCount > 1 || _xCount > 1;
        }
        else if (_xCount > 0)
        {
            Dump = DumpStyle.Hex;
            DumpLinkHeader = _xCount > 1;
        }
        else
        {
            Dump = DumpStyle.Ascii;
            DumpLinkHeader = _aCount > 1;
        }
    }
}
