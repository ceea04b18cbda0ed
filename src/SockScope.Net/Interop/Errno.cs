namespace SockScope.Net.Interop;

/// <summary>The Linux errno values SockScope turns into typed errors (asm-generic/errno-base.h, errno.h).</summary>
public enum Errno
{
    /// <summary>0: no error.</summary>
    None = 0,
    /// <summary>EPERM: operation not permitted.</summary>
    EPERM = 1,
    /// <summary>ENOENT: no such file or directory.</summary>
    ENOENT = 2,
    /// <summary>ESRCH: no such process.</summary>
    ESRCH = 3,
    /// <summary>EINTR: interrupted system call.</summary>
    EINTR = 4,
    /// <summary>EIO: input/output error.</summary>
    EIO = 5,
    /// <summary>EBADF: bad file descriptor.</summary>
    EBADF = 9,
    /// <summary>EAGAIN: resource temporarily unavailable.</summary>
    EAGAIN = 11,
    /// <summary>ENOMEM: out of memory.</summary>
    ENOMEM = 12,
    /// <summary>EACCES: permission denied.</summary>
    EACCES = 13,
    /// <summary>EFAULT: bad address.</summary>
    EFAULT = 14,
    /// <summary>EBUSY: device or resource busy.</summary>
    EBUSY = 16,
    /// <summary>EEXIST: file exists.</summary>
    EEXIST = 17,
    /// <summary>ENODEV: no such device.</summary>
    ENODEV = 19,
    /// <summary>EINVAL: invalid argument.</summary>
    EINVAL = 22,
    /// <summary>EMFILE: too many open files.</summary>
    EMFILE = 24,
    /// <summary>ENOSPC: no space left on device.</summary>
    ENOSPC = 28,
    /// <summary>ERANGE: result out of range.</summary>
    ERANGE = 34,
    /// <summary>ENOSYS: function not implemented.</summary>
    ENOSYS = 38,
    /// <summary>ENOTSOCK: socket operation on non-socket.</summary>
    ENOTSOCK = 88,
    /// <summary>EMSGSIZE: message too long.</summary>
    EMSGSIZE = 90,
    /// <summary>EPROTOTYPE: protocol wrong type for socket.</summary>
    EPROTOTYPE = 91,
    /// <summary>ENOPROTOOPT: protocol not available.</summary>
    ENOPROTOOPT = 92,
    /// <summary>EPROTONOSUPPORT: protocol not supported.</summary>
    EPROTONOSUPPORT = 93,
    /// <summary>EOPNOTSUPP: operation not supported.</summary>
    EOPNOTSUPP = 95,
    /// <summary>EAFNOSUPPORT: address family not supported.</summary>
    EAFNOSUPPORT = 97,
    /// <summary>EADDRINUSE: address already in use.</summary>
    EADDRINUSE = 98,
    /// <summary>EADDRNOTAVAIL: cannot assign requested address.</summary>
    EADDRNOTAVAIL = 99,
    /// <summary>ENETDOWN: network is down.</summary>
    ENETDOWN = 100,
    /// <summary>ENETUNREACH: network is unreachable.</summary>
    ENETUNREACH = 101,
    /// <summary>ENOBUFS: no buffer space available.</summary>
    ENOBUFS = 105,
    /// <summary>ETIMEDOUT: connection timed out.</summary>
    ETIMEDOUT = 110,
    /// <summary>ECONNREFUSED: connection refused.</summary>
    ECONNREFUSED = 111,
    /// <summary>EHOSTUNREACH: no route to host.</summary>
    EHOSTUNREACH = 113,
    /// <summary>E2BIG: argument list too long.</summary>
    E2BIG = 7,
}
