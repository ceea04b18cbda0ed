namespace SockScope.Net.Ebpf;

/// <summary>union bpf_attr for BPF_MAP_CREATE (linux/bpf.h).</summary>
internal static class MapCreateAttrOffsets
{
    public const int MapType = 0;
    public const int KeySize = 4;
    public const int ValueSize = 8;
    public const int MaxEntries = 12;
    public const int MapFlags = 16;
    public const int MapName = 28;
    public const int Size = 72;
}

/// <summary>union bpf_attr for BPF_MAP_*_ELEM.</summary>
internal static class MapElementAttrOffsets
{
    public const int MapFd = 0;
    public const int Key = 8;
    public const int Value = 16;
    public const int Flags = 24;
    public const int Size = 32;
}

/// <summary>union bpf_attr for BPF_PROG_LOAD.</summary>
internal static class ProgramLoadAttrOffsets
{
    public const int ProgramType = 0;
    public const int InstructionCount = 4;
    public const int Instructions = 8;
    public const int License = 16;
    public const int LogLevel = 24;
    public const int LogSize = 28;
    public const int LogBuffer = 32;
    public const int KernelVersion = 40;
    public const int ProgramFlags = 44;
    public const int ProgramName = 48;
    public const int Size = 128;
}

/// <summary>struct perf_event_attr fields used to open a tracepoint event.</summary>
internal static class PerfEventAttrOffsets
{
    public const int Type = 0;
    public const int Size = 4;
    public const int Config = 8;
    public const int SamplePeriod = 16;
    public const int SampleType = 24;
    public const int WakeupEvents = 48;
}

/// <summary>The BPF map types SockScope creates (enum bpf_map_type in linux/bpf.h).</summary>
public enum BpfMapType : uint
{
    /// <summary>BPF_MAP_TYPE_HASH (1): a hash table of fixed-size keys and values.</summary>
    Hash = 1,
    /// <summary>BPF_MAP_TYPE_ARRAY (2): fixed-size values indexed by a u32 key from 0 to max_entries - 1, preallocated and zeroed.</summary>
    Array = 2,
    /// <summary>BPF_MAP_TYPE_RINGBUF (27, Linux 5.8): a ring buffer shared with user space; max_entries is its size in bytes (a power of two, a multiple of the page size).</summary>
    RingBuffer = 27,
}

/// <summary>The BPF program types SockScope loads (enum bpf_prog_type in linux/bpf.h).</summary>
public enum BpfProgramType : uint
{
    /// <summary>BPF_PROG_TYPE_SOCKET_FILTER (1): runs on packets of a socket it is attached to (SO_ATTACH_BPF).</summary>
    SocketFilter = 1,
    /// <summary>BPF_PROG_TYPE_TRACEPOINT (5): runs on a kernel tracepoint, attached through a perf event.</summary>
    Tracepoint = 5,
}
