namespace SockScope.Net.Ebpf;

/// <summary>
/// The eBPF programs an event source loaded and the tracepoint links that attach them, owned
/// together: disposing detaches every link first, then unloads the programs.
/// </summary>
internal sealed class TracepointPrograms : IDisposable
{
    private readonly List<EbpfProgram> _programs = [];
    private readonly List<PerfTracepointLink> _links = [];

    /// <summary>Programs loaded.</summary>
    public int Count => _programs.Count;

    /// <summary>Takes ownership of a loaded program (attach it with <see cref="Attach"/>).</summary>
    public EbpfProgram Add(EbpfProgram program)
    {
        _programs.Add(program);
        return program;
    }

    /// <summary>Attaches <paramref name="program"/> (already added) to the tracepoint of <paramref name="format"/>.</summary>
    public void Attach(TracepointFormat format, EbpfProgram program) => _links.Add(PerfTracepointLink.Attach(format, program));

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (PerfTracepointLink link in _links) link.Dispose();
        _links.Clear();
        foreach (EbpfProgram program in _programs) program.Dispose();
        _programs.Clear();
    }
}
