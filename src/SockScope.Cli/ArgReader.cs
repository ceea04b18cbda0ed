namespace SockScope.Cli;

/// <summary>
/// Reads arguments the way tcpdump users type them: clustered short flags ("-nnvX"), counted
/// flags ("-tttt", "-vv"), values attached or separate ("-c5", "-c 5"), long options
/// ("--json", "--linktype=EN10MB", "--linktype EN10MB"), "--" to end options, and positional
/// words anywhere. Digits are flags too ("-4", "-6", ss's "-0"), so a negative number can only be
/// an option's value ("-c -1" is read by IntValue) or follow "--". Commands drive it imperatively, so each one states its own flags in a switch.
/// </summary>
internal sealed class ArgReader
{
    private readonly string[] _args;
    private int _index;
    private string? _cluster;      // the short-flag cluster being read, without its leading '-'
    private int _clusterAt;        // next character of the cluster
    private string? _longValue;    // value given as --name=value
    private bool _optionsEnded;
    private readonly List<string> _positionals = [];

    public ArgReader(IEnumerable<string> args) => _args = args.ToArray();

    /// <summary>Words that were not options, in order.</summary>
    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>The option just read, as typed ("-c", "--json"), for messages.</summary>
    public string Current { get; private set; } = "";

    /// <summary>
    /// Moves to the next option: a single character for short flags ("n"), the name for long
    /// ones ("json"). Positional words are collected on the way. False at the end.
    /// </summary>
    public bool TryNext(out string option)
    {
        _longValue = null;
        if (_cluster is not null && _clusterAt < _cluster.Length)
        {
            option = _cluster[_clusterAt++].ToString();
            Current = "-" + option;
            return true;
        }
        _cluster = null;
        while (_index < _args.Length)
        {
            string arg = _args[_index++];
            if (_optionsEnded || arg.Length < 2 || arg[0] != '-')
            {
                _positionals.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                _optionsEnded = true;
                continue;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                int eq = arg.IndexOf('=');
                option = eq < 0 ? arg[2..] : arg[2..eq];
                _longValue = eq < 0 ? null : arg[(eq + 1)..];
                Current = "--" + option;
                return true;
            }
            _cluster = arg[1..];
            _clusterAt = 1;
            option = _cluster[0].ToString();
            Current = "-" + option;
            return true;
        }
        option = "";
        return false;
    }

    /// <summary>The value of the option just read: the rest of a short cluster, "=value", or the next word.</summary>
    public string Value()
    {
        if (_longValue is not null)
        {
            string v = _longValue;
            _longValue = null;
            return v;
        }
        if (_cluster is not null && _clusterAt < _cluster.Length)
        {
            string rest = _cluster[_clusterAt..];
            _clusterAt = _cluster.Length;
            return rest;
        }
        if (_index < _args.Length)
            return _args[_index++];
        throw new UsageException($"option {Current} needs a value");
    }

    public int IntValue(int min = int.MinValue, int max = int.MaxValue)
    {
        string text = Value();
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw new UsageException($"option {Current}: '{text}' is not a whole number" + (min > int.MinValue || max < int.MaxValue ? $" from {min} to {max}" : ""));
        return v;
    }

    public double DoubleValue(double min = double.MinValue, double max = double.MaxValue)
    {
        string text = Value();
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) || double.IsNaN(v) || v < min || v > max)
            throw new UsageException($"option {Current}: '{text}' is not a number" + (min > double.MinValue || max < double.MaxValue ? $" from {min} to {max}" : ""));
        return v;
    }

    /// <summary>Throws the standard error for an option the command does not know.</summary>
    public UsageException Unknown() => new($"unknown option {Current} (see --help)");

}
