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

public enum BpfMapType : uint
{
    Hash = 1,
    Array = 2,
    RingBuffer = 27,
}

public enum BpfProgramType : uint
{
    SocketFilter = 1,
    Tracepoint = 5,
}
