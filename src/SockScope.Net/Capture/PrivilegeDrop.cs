using System.Globalization;
using SockScope.Net.Interop;

namespace SockScope.Net.Capture;

/// <summary>
/// tcpdump's -Z: once the capture socket is open, become an ordinary user (supplementary groups,
/// then group, then user, so that nothing of root is left), reading the account from /etc/passwd
/// and /etc/group.
/// </summary>
internal static class PrivilegeDrop
{
    /// <summary>An account as /etc/passwd and /etc/group describe it.</summary>
    public readonly record struct Account(string Name, uint UserId, uint GroupId, uint[] SupplementaryGroups);

    /// <summary>Drops to <paramref name="user"/>; throws <see cref="NetOperationException"/> naming what failed.</summary>
    public static Account SwitchTo(string user, string passwdPath = "/etc/passwd", string groupPath = "/etc/group")
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("-Z is implemented for Linux");
        Account account = Lookup(user, ReadOrEmpty(passwdPath), ReadOrEmpty(groupPath))
            ?? throw new NetOperationException("-Z", Errno.ENOENT, $"-Z: no such user '{user}'");
        Apply(account);
        return account;
    }

    /// <summary>Finds <paramref name="user"/> (name or numeric id) in passwd text and its groups in group text.</summary>
    public static Account? Lookup(string user, string passwd, string group)
    {
        foreach (string line in passwd.Split('\n'))
        {
            string[] f = line.Split(':');
            if (f.Length < 4) continue;
            if (f[0] != user && f[2] != user) continue;
            if (!uint.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid)
                || !uint.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out uint gid))
                continue;
            var groups = new List<uint> { gid };
            foreach (string gline in group.Split('\n'))
            {
                string[] g = gline.Split(':');
                if (g.Length < 4 || !uint.TryParse(g[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint id)) continue;
                if (g[3].Split(',').Contains(f[0]) && !groups.Contains(id)) groups.Add(id);
            }
            return new Account(f[0], uid, gid, groups.ToArray());
        }
        return null;
    }

    private static void Apply(Account account)
    {
        Errno errno;
        if ((errno = Credentials.SetGroups(account.SupplementaryGroups)) != Errno.None) throw Failed("setgroups", account, errno);
        if ((errno = Credentials.SetGid(account.GroupId)) != Errno.None) throw Failed("setgid", account, errno);
        if ((errno = Credentials.SetUid(account.UserId)) != Errno.None) throw Failed("setuid", account, errno);
        // A process that can still get root back has not dropped anything.
        if (account.UserId != 0 && Credentials.SetUid(0) == Errno.None)
            throw new NetOperationException("-Z", Errno.EPERM, $"-Z: still able to regain root after switching to {account.Name}");
    }

    private static NetOperationException Failed(string call, Account account, Errno errno) =>
        new("-Z", errno, $"-Z {account.Name}: {call} failed: {NetOperationException.Describe(errno)}");

    private static string ReadOrEmpty(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
    }
}
