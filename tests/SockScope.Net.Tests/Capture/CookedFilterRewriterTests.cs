using SockScope.Net.Capture;
using SockScope.Net.Interop;

namespace SockScope.Net.Tests.Capture;

public sealed class CookedFilterRewriterTests
{
    private const uint Anc = unchecked((uint)-4096);

    [Fact]
    public void Header_fields_become_ancillary_loads_and_the_rest_moves_back_20_bytes()
    {
        SockFilter[] program =
        [
            new(0x28, 0, 0, 0),      // ldh [0]   protocol
            new(0x20, 0, 0, 4),      // ld  [4]   interface index
            new(0x28, 0, 0, 8),      // ldh [8]   ARPHRD type
            new(0x30, 0, 0, 10),     // ldb [10]  packet type
            new(0x30, 0, 0, 29),     // ldb [29]  IPv4 protocol
            new(0xb1, 0, 0, 20),     // ldxb 4*([20]&0xf)
            new(0x48, 0, 0, 22),     // ldh [x+22]
            new(0x00, 0, 0, 7),      // ld #7 (immediate: untouched)
            new(0x06, 0, 0, 262144), // ret
        ];
        var rewritten = new SockFilter[program.Length];
        Assert.True(CookedFilterRewriter.TryRewrite(program, rewritten));
        Assert.Equal([Anc + 0, Anc + 8, Anc + 28, Anc + 4, 9u, 0u, 2u, 7u, 262144u], rewritten.Select(i => i.K));
        Assert.Equal(program.Select(i => i.Code), rewritten.Select(i => i.Code));
    }

    [Theory]
    [InlineData((ushort)0x20, 12u)]   // ld [12]: link-layer address, not visible to the kernel
    [InlineData((ushort)0x80, 0u)]    // ld len: 20 bytes short without the header
    [InlineData((ushort)0x48, 2u)]    // ldh [x+2]: could land inside the header
    public void Programs_reading_what_the_kernel_cannot_see_are_refused(ushort code, uint k)
    {
        SockFilter[] program = [new(code, 0, 0, k), new(0x06, 0, 0, 0)];
        Assert.False(CookedFilterRewriter.TryRewrite(program, new SockFilter[2]));
    }
}
