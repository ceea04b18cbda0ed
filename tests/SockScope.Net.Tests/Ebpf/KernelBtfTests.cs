using System.Buffers.Binary;
using System.Text;
using SockScope.Net.Ebpf;
using SockScope.TestSupport;

namespace SockScope.Net.Tests.Ebpf;

public class KernelBtfTests
{
    /// <summary>Writes a BTF blob type by type (the layout of the kernel's btf.rst), for known offsets.</summary>
    private sealed class BtfBuilder
    {
        private readonly MemoryStream _types = new();
        private readonly MemoryStream _strings = new();
        private int _nextId = 1;

        public BtfBuilder() => _strings.WriteByte(0);   // offset 0 is the empty name

        private uint Name(string name)
        {
            if (name.Length == 0) return 0;
            uint offset = (uint)_strings.Length;
            _strings.Write(Encoding.ASCII.GetBytes(name + "\0"));
            return offset;
        }

        private void Word(uint value)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
            _types.Write(b);
        }

        private int Type(string name, int kind, int count, uint sizeOrType, bool kindFlag = false)
        {
            Word(Name(name));
            Word(((uint)kind << 24) | (uint)count | (kindFlag ? 1u << 31 : 0));
            Word(sizeOrType);
            return _nextId++;
        }

        public int Int(string name, int bytes)
        {
            int id = Type(name, 1, 0, (uint)bytes);
            Word((uint)bytes * 8);
            return id;
        }

        public int Pointer(int target) => Type("", 2, 0, (uint)target);

        public int Const(int target) => Type("", 10, 0, (uint)target);

        public int Typedef(string name, int target) => Type(name, 8, 0, (uint)target);

        /// <summary>A struct (or union) whose members are (name, type, bit offset, bit-field size).</summary>
        public int Aggregate(string name, bool union, int size, params (string Name, int Type, uint BitOffset, uint BitSize)[] members)
        {
            bool bitfields = members.Any(m => m.BitSize != 0);
            int id = Type(name, union ? 5 : 4, members.Length, (uint)size, bitfields);
            foreach (var m in members)
            {
                Word(Name(m.Name));
                Word((uint)m.Type);
                Word(bitfields ? (m.BitSize << 24) | m.BitOffset : m.BitOffset);
            }
            return id;
        }

        public byte[] Build()
        {
            byte[] types = _types.ToArray(), strings = _strings.ToArray();
            var blob = new byte[24 + types.Length + strings.Length];
            BinaryPrimitives.WriteUInt16LittleEndian(blob, 0xEB9F);
            blob[2] = 1;
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), 24);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12), (uint)types.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(16), (uint)types.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(20), (uint)strings.Length);
            types.CopyTo(blob, 24);
            strings.CopyTo(blob, 24 + types.Length);
            return blob;
        }
    }

    /// <summary>
    /// The kernel's shapes in small: ns_common inside an anonymous union of struct net, a bit field
    /// before it, the nsproxy pointer behind a const qualifier and a typedef, so every way a member
    /// can be reached is used once.
    /// </summary>
    private static byte[] NamespaceShapedBtf()
    {
        var b = new BtfBuilder();
        int u32 = b.Int("unsigned int", 4);
        int u64 = b.Int("long unsigned int", 8);
        int nsCommon = b.Aggregate("ns_common", false, 24, ("stashed", u64, 0, 0), ("ops", u64, 64, 0), ("inum", u32, 128, 0));
        int anonymous = b.Aggregate("", true, 24, ("placeholder", u64, 0, 0), ("ns", nsCommon, 0, 0));
        int net = b.Aggregate("net", false, 64, ("flags", u32, 0, 3), ("count", u32, 32, 0), ("list", u64, 64, 0), ("", anonymous, 128, 0));
        int netPointer = b.Pointer(net);
        int nsproxy = b.Aggregate("nsproxy", false, 48, ("count", u32, 0, 0), ("uts_ns", u64, 64, 0), ("net_ns", netPointer, 320, 0));
        int nsproxyPointer = b.Typedef("nsproxy_t", b.Const(b.Pointer(nsproxy)));
        b.Aggregate("task_struct", false, 4096, ("state", u32, 0, 0), ("stack", u64, 64, 0), ("nsproxy", nsproxyPointer, 8 * 1824, 0));
        return b.Build();
    }

    [Fact]
    public void TheNamespacePathIsFoundThroughAnonymousMembersAndQualifiers()
    {
        KernelBtf btf = KernelBtf.Parse(NamespaceShapedBtf());
        Assert.Equal(new NetworkNamespacePath(TaskNsproxy: 1824, NsproxyNetNs: 40, NetInum: 16 + 16), NetworkNamespacePath.TryFind(btf));
    }

    [Fact]
    public void ABitFieldOrAMissingMemberIsNotFound()
    {
        KernelBtf btf = KernelBtf.Parse(NamespaceShapedBtf());
        int net = btf.FindStruct("net");
        Assert.True(net > 0);
        Assert.False(btf.TryFindMember(net, "flags", out _, out _));
        Assert.False(btf.TryFindMember(net, "nothing", out _, out _));
        Assert.True(btf.TryFindMember(net, "count", out int count, out _));
        Assert.Equal(4, count);
        Assert.Equal(-1, btf.FindStruct("ns"));
    }

    [Fact]
    public void AStructWithoutTheFieldsGivesNoPath()
    {
        var b = new BtfBuilder();
        int u32 = b.Int("int", 4);
        b.Aggregate("task_struct", false, 8, ("pid", u32, 0, 0));
        Assert.Null(NetworkNamespacePath.TryFind(KernelBtf.Parse(b.Build())));
    }

    [Fact]
    public void MalformedBlobsNameTheOffset()
    {
        var bad = Assert.Throws<InvalidDataException>(() => KernelBtf.Parse(new byte[30]));
        Assert.Contains("offset 0", bad.Message);
        byte[] blob = NamespaceShapedBtf();
        // Claim a type section four bytes longer than it is, cutting the string section's first record in half.
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12), BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(12)) + 4);
        var cut = Assert.Throws<InvalidDataException>(() => KernelBtf.Parse(blob));
        Assert.Contains("offset", cut.Message);
        blob = NamespaceShapedBtf();
        blob[24 + 7] = 31;   // the first type's kind byte: no such kind
        var kind = Assert.Throws<InvalidDataException>(() => KernelBtf.Parse(blob));
        Assert.Contains("kind 31 at offset 24", kind.Message);
    }

    [KernelBtfFact]
    public void TheRunningKernelsPathIsFound()
    {
        KernelBtf? btf = KernelBtf.TryLoadVmlinux();
        Assert.NotNull(btf);
        Assert.True(btf.TypeCount > 1000, $"{btf.TypeCount} types");
        NetworkNamespacePath? path = NetworkNamespacePath.TryFind(btf);
        Assert.NotNull(path);
        // nsproxy starts with its reference count, and every field sits inside its struct.
        Assert.InRange(path.NsproxyNetNs, 8, 128);
        Assert.InRange(path.TaskNsproxy, 8, 16384);
        Assert.InRange(path.NetInum, 0, 4096);
    }
}
