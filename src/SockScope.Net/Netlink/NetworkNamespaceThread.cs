using System.Runtime.InteropServices;
using SockScope.Net.Interop;

namespace SockScope.Net.Netlink;

/// <summary>
/// Runs a piece of work inside the network namespace /run/netns/NAME (as `ip netns exec` would),
/// on a thread of its own: setns(2) moves only the calling thread, and the thread moves back
/// before it ends, so the rest of the process never leaves its namespace. What the work creates
/// there (a socket) stays in that namespace; what it reads through /proc/thread-self/net is that
/// namespace's.
/// </summary>
internal static class NetworkNamespaceThread
{
    /// <summary>The namespace file for NAME (a path is taken as is).</summary>
    public static string PathOf(string networkNamespace) =>
        networkNamespace.Contains('/') ? networkNamespace : Path.Combine("/run/netns", networkNamespace);

    /// <summary>Runs <paramref name="work"/> inside the namespace and returns its result; its exceptions are rethrown here.</summary>
    /// <exception cref="NetOperationException">The namespace does not exist or cannot be entered.</exception>
    public static T Run<T>(string networkNamespace, Func<T> work)
    {
        string path = PathOf(networkNamespace);
        if (!File.Exists(path)) throw new NetOperationException("setns", Errno.ENOENT, $"network namespace '{networkNamespace}' not found ({path})");
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using SafeHandle original = File.OpenHandle("/proc/thread-self/ns/net");
                using SafeHandle target = File.OpenHandle(path);
                Errno entered = NetlinkNative.SetNamespace(target, NetlinkNative.CLONE_NEWNET);
                if (entered != Errno.None)
                    throw new NetOperationException("setns", entered, $"cannot enter network namespace '{networkNamespace}': {NetOperationException.Describe(entered)}");
                try
                {
                    result = work();
                }
                finally
                {
                    NetlinkNative.SetNamespace(original, NetlinkNative.CLONE_NEWNET);
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is NetOperationException) throw failure;
        if (failure is not null) throw new NetOperationException("setns", Errno.EIO, failure.Message);
        return result;
    }
}
