using SockScope.Cli.Commands;
using SockScope.Net.Capture;

namespace SockScope.Cli.Tests;

public sealed class CaptureInterfacesCommandTests
{
    private static readonly NetworkInterfaceInfo[] Sample =
    [
        new() { Index = 1, Name = "lo", Flags = InterfaceFlags.Up | InterfaceFlags.Running | InterfaceFlags.Loopback, HardwareType = 772, Mtu = 65536, OperState = "unknown",
            Addresses = [new(System.Net.IPAddress.Loopback, 8)] },
        new() { Index = 2, Name = "ifb0", Flags = InterfaceFlags.Broadcast | InterfaceFlags.NoArp, HardwareType = 1, Mtu = 1500, OperState = "down" },
        new() { Index = 4, Name = "eth0", Flags = InterfaceFlags.Up | InterfaceFlags.Running | InterfaceFlags.Promiscuous, HardwareType = 1, Mtu = 1400, OperState = "up",
            Mac = Wire.Addresses.MacAddress.Parse("02:fc:00:00:00:01"), Addresses = [new(System.Net.IPAddress.Parse("192.0.2.2"), 24)] },
    ];

    [Fact]
    public void Device_list_is_in_tcpdump_D_order_and_words()
    {
        Assert.Equal(
            "1.eth0 [Up, Running, Promiscuous, Connected]\n" +
            "2.ifb0 [none]\n" +
            "3.any (Pseudo-device that captures on all interfaces) [Up, Running]\n" +
            "4.lo [Up, Running, Loopback]\n",
            InterfacesCommand.DeviceList(Sample));
    }

    [Fact]
    public void Device_numbers_for_i_N_follow_the_D_list() =>
        Assert.Equal(["eth0", "ifb0", "any", "lo"], InterfacesCommand.DeviceNames(Sample));

    [Fact]
    public void Brief_list_shows_state_mac_mtu_flags_and_addresses()
    {
        string[] lines = InterfacesCommand.BriefList(Sample).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^4\s+eth0\s+UP\s+02:fc:00:00:00:01 mtu 1400\s+<UP,RUNNING,PROMISC> 192\.0\.2\.2/24$", lines[2]);
        Assert.Matches(@"^1\s+lo\s+UNKNOWN\s+-\s+mtu 65536\s+<UP,LOOPBACK,RUNNING> 127\.0\.0\.1/8$", lines[0]);
    }
}
