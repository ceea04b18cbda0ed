using System.Text.Json;

namespace SockScope.Cli.Observe;

/// <summary>The one JSON shape the listings (sockets, sniffers, routes, neighbours) repeat: an array of one object an item.</summary>
internal static class JsonArrays
{
    /// <summary>
    /// Writes an array, as the member <paramref name="name"/> (or as a bare value when null), of
    /// one object an item whose members <paramref name="writeMembers"/> writes.
    /// </summary>
    public static void WriteObjects<T>(Utf8JsonWriter json, string? name, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeMembers)
    {
        if (name is null) json.WriteStartArray();
        else json.WriteStartArray(name);
        foreach (T item in items)
        {
            json.WriteStartObject();
            writeMembers(json, item);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
