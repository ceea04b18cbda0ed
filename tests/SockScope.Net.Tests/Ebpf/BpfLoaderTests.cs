using SockScope.TestSupport;
using SockScope.Net.Ebpf;
using static SockScope.Net.Ebpf.Register;

namespace SockScope.Net.Tests.Ebpf;

public class BpfLoaderTests
{
    [RootFact]
    public void LoadsAValidProgramAndReportsTheVerifiersReasonForABadOne()
    {
        using (EbpfProgram ok = EbpfProgram.Load(BpfProgramType.Tracepoint, [Alu64.Mov(R0, 0), Jmp.Exit()], "test_ok"))
            Assert.True(ok.Fd > 0);
        // Returning without setting R0 is refused: the message must carry the verifier's words.
        var e = Assert.Throws<BpfVerifierException>(() => EbpfProgram.Load(BpfProgramType.Tracepoint, [Jmp.Exit()], "test_bad"));
        Assert.Contains("R0", e.VerifierLog);
        Assert.Contains("R0", e.Message);
    }

    [RootFact]
    public void ProbeReportsEveryFeatureSupportedHere()
    {
        IReadOnlyList<BpfFeature> features = BpfFeatures.Probe();
        Assert.Equal(4, features.Count);
        Assert.All(features, f => Assert.True(f.Supported, $"{f.Name}: {f.Reason}"));
        Assert.True(BpfFeatures.CanWatch(out _));
    }

    [RootFact]
    public void ArrayMapCountersReadBackZeroWhenUntouched()
    {
        using BpfMap map = BpfMap.Create(BpfMapType.Array, 4, 8, 2, "test_counter");
        Assert.Equal(0ul, map.ReadCounter(1));
        Assert.Equal(0ul, map.ReadCounter(5));      // out of range: no entry
    }
}

public class BpfErrorTests
{
    [Fact]
    public void PermissionErrorsNameTheCapabilitiesWatchNeeds()
    {
        NetOperationException e = BpfErrors.From("bpf map create", Interop.Errno.EPERM);
        var missing = Assert.IsType<MissingPrivilegeException>(e);
        Assert.Equal("CAP_BPF and CAP_PERFMON (or root)", missing.Capability);
        Assert.StartsWith("bpf map create needs CAP_BPF and CAP_PERFMON (or root): run as root", e.Message);
        Assert.IsNotType<MissingPrivilegeException>(BpfErrors.From("bpf map create", Interop.Errno.ENOMEM));
    }
}
