using SockScope.Net.Interop;

namespace SockScope.Net.Capture;

/// <summary>
/// A filter compiled for LINUX_SLL2 reads a 20-byte cooked header the kernel never puts in the
/// packet: on a SOCK_DGRAM socket the kernel's filter starts at the network header. This rewrites
/// such a program for the kernel: loads from the header's protocol, interface index, ARPHRD type
/// and packet type become the kernel's ancillary loads, loads past the header move 20 bytes back.
/// Programs that read anything else of the header (the address, the packet length, indirect loads
/// that could land in the header) cannot be rewritten: the caller filters those in user space.
/// </summary>
internal static class CookedFilterRewriter
{
    private const int SkfAdOff = -4096;
    private const int SkfAdProtocol = 0;
    private const int SkfAdPktType = 4;
    private const int SkfAdIfIndex = 8;
    private const int SkfAdHaType = 28;

    // Classic BPF encoding (linux/bpf_common.h).
    private const ushort ClassMask = 0x07, SizeMask = 0x18, ModeMask = 0xe0;
    private const ushort ClassLd = 0x00, ClassLdx = 0x01;
    private const ushort SizeW = 0x00, SizeH = 0x08, SizeB = 0x10;
    private const ushort ModeImm = 0x00, ModeAbs = 0x20, ModeInd = 0x40, ModeMem = 0x60, ModeLen = 0x80, ModeMsh = 0xa0;

    public static bool TryRewrite(ReadOnlySpan<SockFilter> program, Span<SockFilter> rewritten)
    {
        for (int i = 0; i < program.Length; i++)
        {
            SockFilter insn = program[i];
            ushort cls = (ushort)(insn.Code & ClassMask);
            ushort mode = (ushort)(insn.Code & ModeMask);
            ushort size = (ushort)(insn.Code & SizeMask);
            if (cls == ClassLd && mode == ModeAbs)
            {
                if (insn.K >= CookedHeader.Length) insn.K -= CookedHeader.Length;
                else if (!TryAncillary(insn.K, size, out uint k)) return false;
                else insn.K = k;
            }
            else if (cls == ClassLd && mode == ModeInd)
            {
                // X + k: X comes from the packet past the header in filters tcpdump's language produces.
                if (insn.K < CookedHeader.Length) return false;
                insn.K -= CookedHeader.Length;
            }
            else if (cls == ClassLdx && mode == ModeMsh)
            {
                if (insn.K < CookedHeader.Length) return false;
                insn.K -= CookedHeader.Length;
            }
            else if ((cls == ClassLd || cls == ClassLdx) && mode == ModeLen)
            {
                return false;   // the length would be 20 short
            }
            else if ((cls == ClassLd || cls == ClassLdx) && mode is not (ModeImm or ModeMem or ModeLen or ModeMsh))
            {
                return false;
            }
            rewritten[i] = insn;
        }
        return true;
    }

    private static bool TryAncillary(uint offset, ushort size, out uint k)
    {
        int field = (offset, size) switch
        {
            (0, SizeH) => SkfAdProtocol,
            (4, SizeW) => SkfAdIfIndex,
            (8, SizeH) => SkfAdHaType,
            (10, SizeB) => SkfAdPktType,
            _ => -1,
        };
        k = field < 0 ? 0 : unchecked((uint)(SkfAdOff + field));
        return field >= 0;
    }
}
