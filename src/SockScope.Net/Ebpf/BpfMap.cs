using System.Text;
using SockScope.Net.Interop;

namespace SockScope.Net.Ebpf;

/// <summary>A BPF map created with BPF_MAP_CREATE; closed (and freed once no program holds it) on Dispose.</summary>
public sealed unsafe class BpfMap : IDisposable
{
    private readonly FileDescriptorHandle _fd;

    private BpfMap(FileDescriptorHandle fd, BpfMapType type, int keySize, int valueSize, int maxEntries)
    {
        _fd = fd;
        Type = type;
        KeySize = keySize;
        ValueSize = valueSize;
        MaxEntries = maxEntries;
    }

    /// <summary>The map's type, as created.</summary>
    public BpfMapType Type { get; }
    /// <summary>The key size in bytes.</summary>
    public int KeySize { get; }
    /// <summary>The value size in bytes.</summary>
    public int ValueSize { get; }
    /// <summary>The map's max_entries: the entry count of a hash or array map, the size in bytes of a ring buffer.</summary>
    public int MaxEntries { get; }
    /// <summary>The map's file descriptor, which <see cref="Ld.MapFd"/> puts in a program before loading.</summary>
    public int Fd => _fd.Value;

    /// <summary>The map's descriptor, for mmap and poll.</summary>
    internal FileDescriptorHandle Handle => _fd;

    /// <summary>Creates a map with BPF_MAP_CREATE.</summary>
    /// <param name="type">The map type.</param>
    /// <param name="keySize">Key size in bytes (0 for a ring buffer).</param>
    /// <param name="valueSize">Value size in bytes (0 for a ring buffer).</param>
    /// <param name="maxEntries">Entry count, or the ring buffer's size in bytes (a power of two, page-aligned).</param>
    /// <param name="name">The object name shown by bpftool; characters other than [A-Za-z0-9_.] are dropped and it is cut to 15.</param>
    /// <exception cref="MissingPrivilegeException">Without CAP_BPF (or root).</exception>
    /// <exception cref="NetOperationException">When the kernel refuses the map otherwise.</exception>
    public static BpfMap Create(BpfMapType type, int keySize, int valueSize, int maxEntries, string name)
    {
        byte* attr = stackalloc byte[MapCreateAttrOffsets.Size];
        new Span<byte>(attr, MapCreateAttrOffsets.Size).Clear();
        *(uint*)(attr + MapCreateAttrOffsets.MapType) = (uint)type;
        *(uint*)(attr + MapCreateAttrOffsets.KeySize) = (uint)keySize;
        *(uint*)(attr + MapCreateAttrOffsets.ValueSize) = (uint)valueSize;
        *(uint*)(attr + MapCreateAttrOffsets.MaxEntries) = (uint)maxEntries;
        WriteName(new Span<byte>(attr + MapCreateAttrOffsets.MapName, 16), name);
        Errno errno = BpfNative.BpfOpen(BpfNative.BPF_MAP_CREATE, attr, MapCreateAttrOffsets.Size, out FileDescriptorHandle fd);
        if (errno != Errno.None) throw BpfErrors.From($"bpf map create ({type})", errno);
        return new BpfMap(fd, type, keySize, valueSize, maxEntries);
    }

    /// <summary>Copies the value stored under <paramref name="key"/>; false when there is none.</summary>
    public bool TryLookup(ReadOnlySpan<byte> key, Span<byte> value)
    {
        if (key.Length != KeySize || value.Length < ValueSize) throw new ArgumentException("key or value size does not match the map");
        byte* attr = stackalloc byte[MapElementAttrOffsets.Size];
        new Span<byte>(attr, MapElementAttrOffsets.Size).Clear();
        Errno errno;
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            *(uint*)(attr + MapElementAttrOffsets.MapFd) = (uint)Fd;
            *(ulong*)(attr + MapElementAttrOffsets.Key) = (ulong)k;
            *(ulong*)(attr + MapElementAttrOffsets.Value) = (ulong)v;
            if (BpfNative.Bpf(BpfNative.BPF_MAP_LOOKUP_ELEM, attr, MapElementAttrOffsets.Size, out errno) == 0) return true;
        }
        if (errno == Errno.ENOENT) return false;
        throw BpfErrors.From("bpf map lookup", errno);
    }

    /// <summary>Reads the u64 at index <paramref name="index"/> of an array map (a counter).</summary>
    public ulong ReadCounter(uint index)
    {
        Span<byte> value = stackalloc byte[Math.Max(8, ValueSize)];
        Span<byte> key = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(key, index);
        return TryLookup(key, value) ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(value) : 0;
    }

    internal static void WriteName(Span<byte> destination, string name)
    {
        // Object names: at most 15 characters of [A-Za-z0-9_.], NUL-terminated.
        int n = 0;
        foreach (char c in name)
        {
            if (n == destination.Length - 1) break;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.') destination[n++] = (byte)c;
        }
        destination[n] = 0;
    }

    /// <summary>Closes the map's descriptor; the kernel frees the map once no loaded program refers to it.</summary>
    public void Dispose() => _fd.Dispose();
}
