using System.Text;
using SockScope.Net.Interop;

namespace SockScope.Net.Observability;

/// <summary>A process holding a socket: its pid, command name and the descriptor number.</summary>
public readonly record struct SocketOwner(int Pid, string Command, int Fd);

/// <summary>
/// Maps socket inodes to the processes that hold them, from the "socket:[INODE]" links in
/// /proc/PID/fd (what ss -p reads). Processes whose descriptors cannot be read are counted,
/// so the listing can say what it could not see.
/// </summary>
public sealed class SocketOwners
{
    private readonly Dictionary<uint, List<SocketOwner>> _byInode;

    private SocketOwners(Dictionary<uint, List<SocketOwner>> byInode, int hiddenProcesses)
    {
        _byInode = byInode;
        HiddenProcesses = hiddenProcesses;
    }

    /// <summary>Processes whose /proc/PID/fd was not readable (another user's, without root).</summary>
    public int HiddenProcesses { get; }

    /// <summary>A table that knows no owners (used when owners were not asked for).</summary>
    public static SocketOwners Empty { get; } = new([], 0);

    /// <summary>The processes holding the socket with inode <paramref name="inode"/> (more than one after fork or descriptor passing); empty when none is known.</summary>
    public IReadOnlyList<SocketOwner> Of(uint inode) => _byInode.TryGetValue(inode, out List<SocketOwner>? owners) ? owners : [];

    /// <summary>Every process holding at least one socket, by pid.</summary>
    public IEnumerable<int> Pids => _byInode.Values.SelectMany(o => o).Select(o => o.Pid).Distinct();

    /// <summary>Scans /proc (or <paramref name="procRoot"/>) once.</summary>
    public static unsafe SocketOwners Scan(string procRoot = "/proc")
    {
        var byInode = new Dictionary<uint, List<SocketOwner>>();
        int hidden = 0;
        byte* link = stackalloc byte[64];
        byte* path = stackalloc byte[256];
        foreach (string processDirectory in Directory.EnumerateDirectories(procRoot))
        {
            ReadOnlySpan<char> pidText = Path.GetFileName(processDirectory.AsSpan());
            if (pidText.Length == 0 || !char.IsAsciiDigit(pidText[0]) || !int.TryParse(pidText, out int pid)) continue;
            string fdDirectory = processDirectory + "/fd";
            string? command = null;
            try
            {
                foreach (string fdPath in Directory.EnumerateFileSystemEntries(fdDirectory))
                {
                    int written = Encoding.UTF8.GetBytes(fdPath, new Span<byte>(path, 255));
                    path[written] = 0;
                    nint n = ProcFsNative.ReadLink(path, link, 64);
                    if (n <= 0) continue;
                    if (!TryParseSocketLink(new ReadOnlySpan<byte>(link, (int)n), out uint inode)) continue;
                    if (!int.TryParse(Path.GetFileName(fdPath.AsSpan()), out int fd)) continue;
                    command ??= ReadCommand(processDirectory);
                    if (!byInode.TryGetValue(inode, out List<SocketOwner>? owners)) byInode[inode] = owners = new List<SocketOwner>(1);
                    owners.Add(new SocketOwner(pid, command, fd));
                }
            }
            catch (UnauthorizedAccessException)
            {
                hidden++;
            }
            catch (IOException)
            {
                // The process ended while we read it.
            }
        }
        foreach (List<SocketOwner> owners in byInode.Values)
            if (owners.Count > 1) owners.Sort((a, b) => a.Pid != b.Pid ? a.Pid.CompareTo(b.Pid) : a.Fd.CompareTo(b.Fd));
        return new SocketOwners(byInode, hidden);
    }

    /// <summary>Parses "socket:[12345]".</summary>
    public static bool TryParseSocketLink(ReadOnlySpan<byte> link, out uint inode)
    {
        inode = 0;
        ReadOnlySpan<byte> prefix = "socket:["u8;
        if (!link.StartsWith(prefix) || link.Length < prefix.Length + 2 || link[^1] != (byte)']') return false;
        if (System.Buffers.Text.Utf8Parser.TryParse(link[prefix.Length..^1], out inode, out int consumed) && consumed == link.Length - prefix.Length - 1)
            return true;
        inode = 0;
        return false;
    }

    private static string ReadCommand(string processDirectory)
    {
        try
        {
            return File.ReadAllText(processDirectory + "/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
