using System.Globalization;

namespace SockScope.Cli.Observe;

/// <summary>Port and protocol names from /etc/services and /etc/protocols, as ss shows them without -n.</summary>
internal sealed class ServiceNames
{
    private readonly Dictionary<(int Port, string Protocol), string> _services = [];
    private readonly Dictionary<int, string> _protocols = [];

    public static ServiceNames Load(string services = "/etc/services", string protocols = "/etc/protocols")
    {
        var names = new ServiceNames();
        foreach (string[] fields in Lines(services))
        {
            if (fields.Length < 2) continue;
            int slash = fields[1].IndexOf('/');
            if (slash < 0 || !int.TryParse(fields[1].AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int port)) continue;
            names._services.TryAdd((port, fields[1][(slash + 1)..]), fields[0]);
        }
        foreach (string[] fields in Lines(protocols))
            if (fields.Length >= 2 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int number))
                names._protocols.TryAdd(number, fields[0]);
        return names;
    }

    public string? Service(int port, string protocol) => _services.TryGetValue((port, protocol), out string? name) ? name : null;

    public string? Protocol(int number) => _protocols.TryGetValue(number, out string? name) ? name : null;

    private static IEnumerable<string[]> Lines(string path)
    {
        if (!File.Exists(path)) yield break;
        foreach (string line in File.ReadLines(path))
        {
            int hash = line.IndexOf('#');
            string text = hash < 0 ? line : line[..hash];
            string[] fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0) yield return fields;
        }
    }
}
