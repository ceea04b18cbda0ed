using System.Buffers.Binary;

namespace SockScope.Net.Ebpf;

/// <summary>
/// The kernel's own type information (BTF, <c>/sys/kernel/btf/vmlinux</c>), read far enough to find
/// where a field lies inside a kernel struct. Programs that follow kernel pointers with
/// <c>bpf_probe_read_kernel</c> take their offsets from here rather than from a table of kernel
/// versions, so a field that moves between builds (struct layout randomisation, new members) is
/// still found. Format: the kernel's Documentation/bpf/btf.rst.
/// </summary>
internal sealed class KernelBtf
{
    /// <summary>Where the running kernel publishes its BTF (CONFIG_DEBUG_INFO_BTF).</summary>
    public const string VmlinuxPath = "/sys/kernel/btf/vmlinux";

    private const ushort Magic = 0xEB9F;
    private const int HeaderMinLength = 24;
    private const int TypeHeaderLength = 12;

    private const int KindInt = 1, KindPointer = 2, KindArray = 3, KindStruct = 4, KindUnion = 5, KindEnum = 6,
        KindForward = 7, KindTypedef = 8, KindVolatile = 9, KindConst = 10, KindRestrict = 11, KindFunction = 12,
        KindFunctionPrototype = 13, KindVariable = 14, KindDataSection = 15, KindFloat = 16, KindDeclarationTag = 17,
        KindTypeTag = 18, KindEnum64 = 19;

    private readonly byte[] _data;
    private readonly int _strings, _stringsLength;
    // _typeOffsets[id] is where type id's btf_type record starts in _data (id 0 is void and has none).
    private readonly int[] _typeOffsets;

    private KernelBtf(byte[] data, int strings, int stringsLength, int[] typeOffsets)
    {
        _data = data;
        _strings = strings;
        _stringsLength = stringsLength;
        _typeOffsets = typeOffsets;
    }

    /// <summary>How many types (void included) the blob holds.</summary>
    public int TypeCount => _typeOffsets.Length;

    /// <summary>The running kernel's BTF, or null when it publishes none or it cannot be read.</summary>
    public static KernelBtf? TryLoadVmlinux(string path = VmlinuxPath)
    {
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Parses a BTF blob; a malformed one throws <see cref="InvalidDataException"/> naming the offset.</summary>
    public static KernelBtf Parse(byte[] data)
    {
        if (data.Length < HeaderMinLength || BinaryPrimitives.ReadUInt16LittleEndian(data) != Magic)
            throw new InvalidDataException("BTF: no little-endian BTF header (magic 0xEB9F) at offset 0");
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
        long typeOffset = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8));
        long typeLength = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(12));
        long stringOffset = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(16));
        long stringLength = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(20));
        long types = headerLength + typeOffset, strings = headerLength + stringOffset;
        if (headerLength < HeaderMinLength || types + typeLength > data.Length || strings + stringLength > data.Length)
            throw new InvalidDataException($"BTF: sections run past the end of the {data.Length}-byte blob (header at offset 4)");

        var offsets = new List<int>(1 << 17) { -1 };
        long at = types, end = types + typeLength;
        while (at < end)
        {
            if (at + TypeHeaderLength > end) throw new InvalidDataException($"BTF: type record cut short at offset {at}");
            uint info = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)at + 4));
            int kind = (int)((info >> 24) & 0x1F), count = (int)(info & 0xFFFF);
            int extra = kind switch
            {
                KindInt or KindVariable or KindDeclarationTag => 4,
                KindArray => 12,
                KindStruct or KindUnion or KindDataSection or KindEnum64 => 12 * count,
                KindEnum or KindFunctionPrototype => 8 * count,
                KindPointer or KindForward or KindTypedef or KindVolatile or KindConst or KindRestrict or KindFunction or KindFloat or KindTypeTag => 0,
                _ => throw new InvalidDataException($"BTF: unknown type kind {kind} at offset {at}"),
            };
            offsets.Add((int)at);
            at += TypeHeaderLength + extra;
        }
        return new KernelBtf(data, (int)strings, (int)stringLength, offsets.ToArray());
    }

    /// <summary>The id of the struct named <paramref name="name"/>, or -1.</summary>
    public int FindStruct(string name)
    {
        for (int id = 1; id < _typeOffsets.Length; id++)
        {
            if (Kind(id) == KindStruct && NameIs(NameOffset(id), name)) return id;
        }
        return -1;
    }

    /// <summary>
    /// The byte offset of member <paramref name="member"/> in struct or union <paramref name="structId"/>,
    /// looking into anonymous struct and union members too (randomised layouts group fields in
    /// them), and the member's type with typedefs and qualifiers taken off. False when absent or a bit field.
    /// </summary>
    public bool TryFindMember(int structId, string member, out int byteOffset, out int typeId)
    {
        byteOffset = 0;
        typeId = 0;
        int kind = Kind(structId);
        if (kind != KindStruct && kind != KindUnion) return false;
        int record = _typeOffsets[structId];
        uint info = ReadUInt32(record + 4);
        bool bitfieldEncoding = (info >> 31) != 0;
        int count = (int)(info & 0xFFFF);
        for (int i = 0; i < count; i++)
        {
            int m = record + TypeHeaderLength + 12 * i;
            uint nameOffset = ReadUInt32(m);
            int memberType = (int)ReadUInt32(m + 4);
            uint offsetField = ReadUInt32(m + 8);
            uint bitOffset = bitfieldEncoding ? offsetField & 0xFFFFFF : offsetField;
            if (bitfieldEncoding && (offsetField >> 24) != 0) continue;   // a bit field: not addressable
            if (bitOffset % 8 != 0) continue;
            int resolved = Resolve(memberType);
            if (nameOffset == 0)
            {
                if (TryFindMember(resolved, member, out int inner, out typeId))
                {
                    byteOffset = (int)(bitOffset / 8) + inner;
                    return true;
                }
            }
            else if (NameIs(nameOffset, member))
            {
                byteOffset = (int)(bitOffset / 8);
                typeId = resolved;
                return true;
            }
        }
        return false;
    }

    /// <summary>The type a pointer type points to (typedefs and qualifiers taken off), or -1 when <paramref name="pointerId"/> is no pointer.</summary>
    public int PointerTarget(int pointerId) =>
        Kind(pointerId) == KindPointer ? Resolve((int)ReadUInt32(_typeOffsets[pointerId] + 8)) : -1;

    /// <summary>Whether type <paramref name="id"/> is a struct named <paramref name="name"/>.</summary>
    public bool IsStruct(int id, string name) => Kind(id) == KindStruct && NameIs(NameOffset(id), name);

    /// <summary>Follows typedefs and const/volatile/restrict/type-tag qualifiers to the type they name.</summary>
    private int Resolve(int id)
    {
        for (int hops = 0; hops < 32 && id > 0 && id < _typeOffsets.Length; hops++)
        {
            int kind = Kind(id);
            if (kind is not (KindTypedef or KindVolatile or KindConst or KindRestrict or KindTypeTag)) return id;
            id = (int)ReadUInt32(_typeOffsets[id] + 8);
        }
        return id;
    }

    private int Kind(int id) =>
        id <= 0 || id >= _typeOffsets.Length ? 0 : (int)((ReadUInt32(_typeOffsets[id] + 4) >> 24) & 0x1F);

    private uint NameOffset(int id) => ReadUInt32(_typeOffsets[id]);

    private uint ReadUInt32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(offset));

    private bool NameIs(uint nameOffset, string name)
    {
        if (nameOffset >= _stringsLength) return false;
        ReadOnlySpan<byte> rest = _data.AsSpan(_strings + (int)nameOffset, _stringsLength - (int)nameOffset);
        int length = rest.IndexOf((byte)0);
        if (length != name.Length) return false;
        for (int i = 0; i < length; i++)
            if (rest[i] != name[i]) return false;
        return true;
    }
}
