using System.Runtime.InteropServices;
using SockScope.Net.Ebpf;
using SockScope.Net.Netlink;

namespace SockScope.Net.Tests.Netlink;

/// <summary>The struct sizes SockScope writes and reads, against the kernel headers' sizeof values.</summary>
public class StructLayoutTests
{
    [Fact]
    public void NetlinkAndSockDiagStructsHaveTheKernelSizes()
    {
        Assert.Equal(16, NetlinkHeaderOffsets.Size);            // struct nlmsghdr
        Assert.Equal(48, InetDiagSockIdOffsets.Size);           // struct inet_diag_sockid
        Assert.Equal(56, InetDiagRequestOffsets.Size);          // struct inet_diag_req_v2
        Assert.Equal(72, InetDiagMessageOffsets.Size);          // struct inet_diag_msg
        Assert.Equal(24, UnixDiagRequestOffsets.Size);          // struct unix_diag_req
        Assert.Equal(16, UnixDiagMessageOffsets.Size);          // struct unix_diag_msg
        Assert.Equal(20, PacketDiagRequestOffsets.Size);        // struct packet_diag_req
        Assert.Equal(16, PacketDiagMessageOffsets.Size);        // struct packet_diag_msg
        Assert.Equal(24, PacketDiagAttributeSizes.Info);        // struct packet_diag_info
        Assert.Equal(48, PacketDiagAttributeSizes.MulticastEntry); // struct packet_diag_mclist
        Assert.Equal(28, PacketDiagAttributeSizes.Ring);        // struct packet_diag_ring
        Assert.Equal(16, InterfaceInfoOffsets.Size);            // struct ifinfomsg
        Assert.Equal(12, RouteMessageOffsets.Size);             // struct rtmsg
        Assert.Equal(12, NeighborMessageOffsets.Size);          // struct ndmsg
    }

    [Fact]
    public void FieldsSitWhereTheHeadersPutThem()
    {
        Assert.Equal(InetDiagMessageOffsets.Id + InetDiagSockIdOffsets.Size, InetDiagMessageOffsets.Expires);
        Assert.Equal(InetDiagRequestOffsets.Id + InetDiagSockIdOffsets.Size, InetDiagRequestOffsets.Size);
        Assert.Equal(InetDiagMessageOffsets.Inode + 4, InetDiagMessageOffsets.Size);
        Assert.Equal(UnixDiagRequestOffsets.Cookie + 8, UnixDiagRequestOffsets.Size);
        Assert.Equal(PacketDiagRequestOffsets.Cookie + 8, PacketDiagRequestOffsets.Size);
    }

    [Fact]
    public void EbpfInstructionIsEightBytesLikeStructBpfInsn()
    {
        Assert.Equal(8, Marshal.SizeOf<EbpfInstruction>());
        Assert.Equal(8, Unsafe.SizeOf<EbpfInstruction>());
        Assert.Equal(48, ProgramLoadAttrOffsets.ProgramName);   // prog_name follows prog_flags in bpf_attr
        Assert.Equal(28, MapCreateAttrOffsets.MapName);         // map_name follows numa_node
    }

    private static class Unsafe
    {
        public static int SizeOf<T>() where T : unmanaged => System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
    }
}
