using SockScope.Net.Interop;

namespace SockScope.Net.Ebpf;

/// <summary>The verifier refused a program; <see cref="VerifierLog"/> holds its explanation.</summary>
public sealed class BpfVerifierException(string programName, Errno errno, string verifierLog)
    : NetOperationException("bpf prog load", errno, $"the kernel verifier rejected eBPF program '{programName}' ({NetOperationException.Describe(errno)}): {LastLines(verifierLog)}")
{
    /// <summary>The verifier's log of the failed load (log level 1), as the kernel wrote it; empty when the kernel gave none.</summary>
    public string VerifierLog { get; } = verifierLog;

    private static string LastLines(string log)
    {
        string[] lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", lines.TakeLast(4));
    }
}

internal static class BpfErrors
{
    public const string Capability = "CAP_BPF and CAP_PERFMON (or root)";
    public const string HowToGrant = "run as root or `sudo setcap cap_bpf,cap_perfmon+ep $(which sockscope)`";

    public static NetOperationException From(string operation, Errno errno) =>
        errno is Errno.EPERM or Errno.EACCES
            ? new MissingPrivilegeException(operation, errno, Capability, HowToGrant)
            : new NetOperationException(operation, errno);
}
