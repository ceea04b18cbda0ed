using SockScope.Net.Interop;

namespace SockScope.Net;

/// <summary>
/// A system call failed. Everything above Interop/ throws this (or a subclass) instead of
/// returning errno values; <see cref="Exception.Message"/> is one line a user can act on.
/// </summary>
public class NetOperationException : IOException
{
    /// <summary>Creates the exception; <see cref="Exception.HResult"/> is set to the errno value.</summary>
    /// <param name="operation">What was attempted, in the user's terms (e.g. <c>bind</c>, <c>bpf map create</c>).</param>
    /// <param name="errno">The error the kernel returned.</param>
    /// <param name="detail">The whole message; null makes it "OPERATION: description of errno".</param>
    public NetOperationException(string operation, Errno errno, string? detail = null)
        : base(detail ?? $"{operation}: {Describe(errno)}")
    {
        Operation = operation;
        Errno = errno;
        HResult = (int)errno;
    }

    /// <summary>What was attempted when the call failed (e.g. <c>socket</c>, <c>perf_event_open syscalls/sys_enter_socket</c>).</summary>
    public string Operation { get; }
    /// <summary>The errno the kernel returned.</summary>
    public Errno Errno { get; }

    /// <summary>strerror-like text for the values SockScope meets, the number otherwise.</summary>
    public static string Describe(Errno errno) => errno switch
    {
        Errno.EPERM => "operation not permitted",
        Errno.EACCES => "permission denied",
        Errno.ENODEV => "no such device",
        Errno.ENOENT => "no such file or directory",
        Errno.EINVAL => "invalid argument",
        Errno.ENOMEM => "out of memory",
        Errno.ENOBUFS => "no buffer space available",
        Errno.EAFNOSUPPORT => "address family not supported",
        Errno.EPROTONOSUPPORT => "protocol not supported",
        Errno.ENETDOWN => "network is down",
        Errno.ENETUNREACH => "network is unreachable",
        Errno.EHOSTUNREACH => "no route to host",
        Errno.EMSGSIZE => "message too long",
        Errno.EBUSY => "device or resource busy",
        Errno.EMFILE => "too many open files",
        Errno.ENOSYS => "function not implemented",
        Errno.EOPNOTSUPP => "operation not supported",
        Errno.EADDRINUSE => "address already in use",
        Errno.EADDRNOTAVAIL => "cannot assign requested address",
        Errno.ECONNREFUSED => "connection refused",
        Errno.ETIMEDOUT => "connection timed out",
        Errno.EAGAIN => "resource temporarily unavailable",
        Errno.EINTR => "interrupted system call",
        Errno.EBADF => "bad file descriptor",
        Errno.ENOTSOCK => "socket operation on non-socket",
        Errno.ESRCH => "no such process",
        Errno.EEXIST => "file exists",
        Errno.ENOSPC => "no space left on device",
        Errno.E2BIG => "argument list too long",
        Errno.EFAULT => "bad address",
        Errno.ERANGE => "result out of range",
        Errno.EIO => "input/output error",
        Errno.ENOPROTOOPT => "protocol not available",
        Errno.EPROTOTYPE => "protocol wrong type for socket",
        _ => $"errno {(int)errno}",
    };
}

/// <summary>
/// The operation needs a capability the process lacks. The message names the capability and
/// how to grant it, e.g. "capture needs CAP_NET_RAW: run as root or
/// `sudo setcap cap_net_raw,cap_net_admin+eip $(which sockscope)`".
/// </summary>
public sealed class MissingPrivilegeException : NetOperationException
{
    /// <summary>Creates the exception with the message "OPERATION needs CAPABILITY: HOW-TO-GRANT".</summary>
    /// <param name="operation">What was attempted.</param>
    /// <param name="errno">The error the kernel returned (EPERM or EACCES).</param>
    /// <param name="capability">The capability or capabilities needed, e.g. <c>CAP_NET_RAW</c>.</param>
    /// <param name="howToGrant">One line that tells the user how to get it.</param>
    public MissingPrivilegeException(string operation, Errno errno, string capability, string howToGrant)
        : base(operation, errno, $"{operation} needs {capability}: {howToGrant}")
    {
        Capability = capability;
    }

    /// <summary>The capability the operation needs, as the kernel names it (e.g. <c>CAP_NET_RAW</c>, <c>CAP_BPF and CAP_PERFMON (or root)</c>).</summary>
    public string Capability { get; }
}
