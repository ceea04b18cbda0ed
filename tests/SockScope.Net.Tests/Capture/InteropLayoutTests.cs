using System.Diagnostics;
using SockScope.Net.Interop;
using SockScope.TestSupport;

namespace SockScope.Net.Tests.Capture;

/// <summary>
/// The kernel structs the capture path shares with the kernel, checked against
/// include/uapi/linux/if_packet.h, linux/filter.h and poll.h: fixed sizes and offsets as the
/// header defines them, and where a C compiler and the kernel headers are installed, the
/// compiler's own sizeof/offsetof.
/// </summary>
public sealed unsafe class InteropLayoutTests
{
    [Fact]
    public void Struct_sizes_match_the_kernel_headers()
    {
        Assert.Equal(28, sizeof(TPacketReq3));
        Assert.Equal(20, sizeof(SockAddrLl));
        Assert.Equal(16, sizeof(PacketMreq));
        Assert.Equal(12, sizeof(TPacketStatsV3));
        Assert.Equal(8, sizeof(SockFilter));
        Assert.Equal(16, sizeof(SockFprog));
        Assert.Equal(8, sizeof(Poll.PollFd));
        Assert.Equal(48, BlockDescriptorOffsets.Size);
        Assert.Equal(48, FrameHeaderOffsets.Size);
        Assert.Equal(20, SockAddrLlOffsets.Size);
    }

    [Fact]
    public void Field_offsets_match_the_kernel_headers()
    {
        SockAddrLl ll = default;
        byte* b = (byte*)&ll;
        Assert.Equal(SockAddrLlOffsets.InterfaceIndex, (int)((byte*)&ll.InterfaceIndex - b));
        Assert.Equal(SockAddrLlOffsets.HardwareType, (int)((byte*)&ll.HardwareType - b));
        Assert.Equal(SockAddrLlOffsets.PacketType, (int)((byte*)&ll.PacketType - b));
        Assert.Equal(SockAddrLlOffsets.Address, (int)(ll.Address - b));
        SockFprog prog = default;
        Assert.Equal(8, (int)((byte*)&prog.Filter - (byte*)&prog));
        TPacketReq3 req = default;
        Assert.Equal(16, (int)((byte*)&req.RetireBlockTimeoutMs - (byte*)&req));
        Assert.Equal(8, BlockDescriptorOffsets.BlockStatus);
        Assert.Equal(24, BlockDescriptorOffsets.SequenceNumber);
        Assert.Equal(24, FrameHeaderOffsets.Mac);
        Assert.Equal(32, FrameHeaderOffsets.VlanTci);
    }

    /// <summary>Asks the C compiler, where there is one, so the numbers above are not just copied.</summary>
    [KernelHeadersFact]
    public void Layouts_match_what_the_C_compiler_sees()
    {
        string gcc = Tools.Find("gcc")!;
        string dir = Directory.CreateTempSubdirectory("ssc-layout").FullName;
        try
        {
            string source = Path.Combine(dir, "layout.c");
            File.WriteAllText(source, """
                #include <stdio.h>
                #include <stddef.h>
                #include <poll.h>
                #include <linux/if_packet.h>
                #include <linux/filter.h>
                int main(void) {
                  printf("%zu %zu %zu %zu %zu %zu %zu %zu %zu\n",
                    sizeof(struct tpacket_req3), sizeof(struct sockaddr_ll), sizeof(struct packet_mreq),
                    sizeof(struct tpacket_stats_v3), sizeof(struct sock_filter), sizeof(struct sock_fprog),
                    sizeof(struct pollfd), sizeof(struct tpacket_block_desc), sizeof(struct tpacket3_hdr));
                  printf("%zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu\n",
                    offsetof(struct tpacket_block_desc, hdr.bh1.block_status), offsetof(struct tpacket_block_desc, hdr.bh1.num_pkts),
                    offsetof(struct tpacket_block_desc, hdr.bh1.offset_to_first_pkt), offsetof(struct tpacket_block_desc, hdr.bh1.seq_num),
                    offsetof(struct tpacket3_hdr, tp_sec), offsetof(struct tpacket3_hdr, tp_nsec), offsetof(struct tpacket3_hdr, tp_snaplen),
                    offsetof(struct tpacket3_hdr, tp_len), offsetof(struct tpacket3_hdr, tp_status), offsetof(struct tpacket3_hdr, tp_mac),
                    offsetof(struct tpacket3_hdr, hv1.tp_vlan_tci), offsetof(struct tpacket3_hdr, hv1.tp_vlan_tpid));
                  printf("%zu\n", (size_t)TPACKET_ALIGN(sizeof(struct tpacket3_hdr)));
                  return 0; }
                """);
            string exe = Path.Combine(dir, "layout");
            Run(gcc, $"-o {exe} {source}");
            string[] lines = Run(exe, "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"{sizeof(TPacketReq3)} {sizeof(SockAddrLl)} {sizeof(PacketMreq)} {sizeof(TPacketStatsV3)} {sizeof(SockFilter)} {sizeof(SockFprog)} {sizeof(Poll.PollFd)} {BlockDescriptorOffsets.Size} {FrameHeaderOffsets.Size}", lines[0]);
            Assert.Equal($"{BlockDescriptorOffsets.BlockStatus} {BlockDescriptorOffsets.PacketCount} {BlockDescriptorOffsets.OffsetToFirstPacket} {BlockDescriptorOffsets.SequenceNumber} "
                + $"{FrameHeaderOffsets.Seconds} {FrameHeaderOffsets.Nanoseconds} {FrameHeaderOffsets.SnapLength} {FrameHeaderOffsets.Length} {FrameHeaderOffsets.Status} {FrameHeaderOffsets.Mac} "
                + $"{FrameHeaderOffsets.VlanTci} {FrameHeaderOffsets.VlanTpid}", lines[1]);
            Assert.Equal(FrameHeaderOffsets.LinkAddress.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[2]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Skipped, saying why, without gcc or the kernel's uapi headers (the fixed numbers above still hold).</summary>
    private sealed class KernelHeadersFactAttribute : FactAttribute
    {
        public KernelHeadersFactAttribute()
        {
            if (Tools.Find("gcc") is null) Skip = "needs gcc to compare with the compiler's sizeof/offsetof";
            else if (!File.Exists("/usr/include/linux/if_packet.h")) Skip = "needs the kernel headers (linux-libc-dev: /usr/include/linux/if_packet.h)";
        }
    }

    private static string Run(string file, string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {arguments}: {error}");
        return output;
    }
}
