using System.Buffers.Binary;
using SockScope.Net.Observability;

namespace SockScope.Net.Tests.Observability;

public class SocketCallDecoderTests
{
    private static SocketCallEvent Call(WatchedSyscall s, long[] args, byte[]? data = null, long? ret = 0) => new()
    {
        Time = new DateTime(2026, 1, 2, 14, 20, 1, DateTimeKind.Local).AddTicks(1234560),
        Pid = 1234,
        Tid = 1235,
        Uid = 0,
        Command = "python3",
        Syscall = s,
        Arguments = [.. args, .. new long[6 - args.Length]],
        Data = data ?? [],
        Return = ret,
    };

    [Fact]
    public void SocketCallsReadAsTraceeNamesThem()
    {
        SocketCallEvent e = Call(WatchedSyscall.Socket, [17, 3 | 0x800, 0x0300], ret: 5);
        Assert.Equal("14:20:01.123456 pid=1234 tid=1235 uid=0 comm=python3 socket(family=AF_PACKET, type=SOCK_RAW|SOCK_NONBLOCK, protocol=ETH_P_ALL) = 5",
            SocketCallDecoder.Line(e));
        Assert.EndsWith("socket(family=AF_INET, type=SOCK_RAW, protocol=IPPROTO_ICMP) = 3", SocketCallDecoder.Line(Call(WatchedSyscall.Socket, [2, 3, 1], ret: 3)));
        Assert.EndsWith("socket(family=AF_INET6, type=SOCK_DGRAM|SOCK_CLOEXEC, protocol=IPPROTO_ICMPV6) = -1 EPERM (operation not permitted)",
            SocketCallDecoder.Line(Call(WatchedSyscall.Socket, [10, 2 | 0x80000, 58], ret: -1)));
    }

    [Fact]
    public void AddressesAndPortsOfBindAndConnect()
    {
        byte[] sin = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(sin, 2);
        BinaryPrimitives.WriteUInt16BigEndian(sin.AsSpan(2), 8080);
        new byte[] { 127, 0, 0, 1 }.CopyTo(sin, 4);
        Assert.EndsWith("bind(fd=3, addr={AF_INET, 127.0.0.1:8080}, addrlen=16) = 0", SocketCallDecoder.Line(Call(WatchedSyscall.Bind, [3, 0x7ff0, 16], sin)));
        byte[] sin6 = new byte[28];
        BinaryPrimitives.WriteUInt16LittleEndian(sin6, 10);
        BinaryPrimitives.WriteUInt16BigEndian(sin6.AsSpan(2), 443);
        sin6[23] = 1;
        Assert.EndsWith("connect(fd=4, addr={AF_INET6, [::1]:443}, addrlen=28) = -1 ECONNREFUSED (connection refused)",
            SocketCallDecoder.Line(Call(WatchedSyscall.Connect, [4, 0x7ff0, 28], sin6, ret: -111)));
        byte[] sll = new byte[20];
        BinaryPrimitives.WriteUInt16LittleEndian(sll, 17);
        BinaryPrimitives.WriteUInt16BigEndian(sll.AsSpan(2), 0x0800);
        BinaryPrimitives.WriteInt32LittleEndian(sll.AsSpan(4), 2);
        Assert.Equal("{AF_PACKET, ETH_P_IP, ifindex=2}", SocketCallDecoder.SocketAddress(sll));
        Assert.Equal("{AF_UNIX, @abstract}", SocketCallDecoder.SocketAddress([1, 0, 0, .. "abstract"u8]));
        Assert.Equal("{AF_UNIX, /run/x.sock}", SocketCallDecoder.SocketAddress([1, 0, .. "/run/x.sock"u8, 0, 0]));
    }

    [Fact]
    public void SocketOptionsOfSniffers()
    {
        byte[] mreq = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(mreq, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(mreq.AsSpan(4), 1);
        Assert.EndsWith("setsockopt(fd=3, level=SOL_PACKET, optname=PACKET_ADD_MEMBERSHIP, optval={ifindex=2, type=PACKET_MR_PROMISC}, optlen=16) = 0",
            SocketCallDecoder.Line(Call(WatchedSyscall.Setsockopt, [3, 263, 1, 0x7ff0, 16], mreq)));
        Assert.EndsWith("setsockopt(fd=3, level=SOL_SOCKET, optname=SO_ATTACH_FILTER, optval={len=12 instructions}, optlen=16) = 0",
            SocketCallDecoder.Line(Call(WatchedSyscall.Setsockopt, [3, 1, 26, 0x7ff0, 16], [12, 0, 0, 0, 0, 0, 0, 0])));
        Assert.EndsWith("listen(fd=5, backlog=128) = ?", SocketCallDecoder.Line(Call(WatchedSyscall.Listen, [5, 128], ret: null)));
    }

    [Theory]
    [InlineData("packet", 17)]
    [InlineData("AF_INET6", 10)]
    [InlineData("unix", 1)]
    [InlineData("2", 2)]
    public void ParsesFamilyNames(string text, int family) => Assert.Equal(family, SocketConstantNames.ParseFamily(text));

    [Fact]
    public void ParsesTypeNamesAndRejectsUnknownOnes()
    {
        Assert.Equal(3, SocketConstantNames.ParseType("raw"));
        Assert.Equal(1, SocketConstantNames.ParseType("SOCK_STREAM"));
        Assert.Null(SocketConstantNames.ParseType("bogus"));
        Assert.Null(SocketConstantNames.ParseFamily("bogus"));
    }

    [Fact]
    public void TracefsValuesAreDecimalOrPrefixedHex()
    {
        Assert.Equal(17, TracefsSocketWatch.ParseValue("0x11"));
        Assert.Equal(3, TracefsSocketWatch.ParseValue("3"));
        Assert.Equal(-13, TracefsSocketWatch.ParseValue("0xfffffffffffffff3"));
    }
}
