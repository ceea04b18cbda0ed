using System.Text.Json;
using SockScope.Net.Observability;

namespace SockScope.Cli.Observe;

/// <summary>One JSON object per line for `watch --json`.</summary>
internal static class WatchJson
{
    public static void Write(Utf8JsonWriter json, SocketCallEvent e)
    {
        json.WriteStartObject();
        json.WriteString("time", e.Time.ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("pid", e.Pid);
        json.WriteNumber("tid", e.Tid);
        if (e.Uid is uint uid) json.WriteNumber("uid", uid);
        else json.WriteNull("uid");
        json.WriteString("comm", e.Command);
        json.WriteString("syscall", WatchedSyscalls.Name(e.Syscall));
        json.WriteStartObject("args");
        foreach ((string name, string value) in SocketCallDecoder.Arguments(e)) json.WriteString(name, value);
        json.WriteEndObject();
        json.WriteStartArray("raw_args");
        foreach (long a in e.Arguments) json.WriteNumberValue(a);
        json.WriteEndArray();
        if (e.Return is long r) json.WriteNumber("ret", r);
        else json.WriteNull("ret");
        if (SocketCallDecoder.ErrorName(e) is { } error) json.WriteString("errno", error);
        else json.WriteNull("errno");
        json.WriteEndObject();
    }
}
