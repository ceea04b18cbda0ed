using static SockScope.Net.Ebpf.Register;

namespace SockScope.Net.Ebpf;

/// <summary>One probed kernel feature: supported or not, and why not.</summary>
public readonly record struct BpfFeature(string Name, bool Supported, string Reason);

/// <summary>
/// Probes, once, what `watch` needs: the bpf() syscall, ring buffer maps, tracepoint programs,
/// tracefs with the syscall tracepoints. Each answer says why when the answer is no.
/// </summary>
public static class BpfFeatures
{
    private static readonly Lazy<IReadOnlyList<BpfFeature>> Cached = new(ProbeNow);

    /// <summary>Probes the features on first call and returns the same answers afterwards: one <see cref="BpfFeature"/> each, in the order they depend on one another.</summary>
    public static IReadOnlyList<BpfFeature> Probe() => Cached.Value;

    /// <summary>True when every feature is supported; otherwise <paramref name="reason"/> names the first missing one.</summary>
    public static bool CanWatch(out string reason)
    {
        foreach (BpfFeature f in Probe())
        {
            if (!f.Supported)
            {
                reason = $"{f.Name}: {f.Reason}";
                return false;
            }
        }
        reason = "";
        return true;
    }

    private static IReadOnlyList<BpfFeature> ProbeNow()
    {
        var features = new List<BpfFeature>();
        features.Add(Try("bpf() array map", () => BpfMap.Create(BpfMapType.Array, 4, 8, 1, "probe_array").Dispose()));
        features.Add(Try("BPF ring buffer", () => BpfMap.Create(BpfMapType.RingBuffer, 0, 0, Environment.SystemPageSize, "probe_ring").Dispose()));
        features.Add(Try("tracepoint programs", () =>
            EbpfProgram.Load(BpfProgramType.Tracepoint, [Alu64.Mov(R0, 0), Jmp.Exit()], "probe_tp").Dispose()));
        features.Add(Try("tracefs syscall tracepoints", () =>
        {
            string tracefs = Tracefs.Locate();
            TracepointFormat.Read(tracefs, "syscalls", "sys_enter_socket");
        }));
        return features;
    }

    private static BpfFeature Try(string name, Action probe)
    {
        try
        {
            probe();
            return new BpfFeature(name, true, "supported");
        }
        catch (NetOperationException e)
        {
            return new BpfFeature(name, false, e.Message);
        }
        catch (PlatformNotSupportedException e)
        {
            return new BpfFeature(name, false, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return new BpfFeature(name, false, e.Message);
        }
        catch (IOException e)
        {
            return new BpfFeature(name, false, e.Message);
        }
    }
}
