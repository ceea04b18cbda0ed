using System.Net;
using SockScope.Net.Capture;

namespace SockScope.Net.Tests.Capture;

public sealed class NetworkInterfacesTests
{
    private static NetworkInterfaceInfo Nic(int index, string name, InterfaceFlags flags, int type = 1) =>
        new() { Index = index, Name = name, Flags = flags, HardwareType = type };

    [Fact]
    public void Default_capture_interface_is_the_first_up_and_running_non_loopback_one()
    {
        const InterfaceFlags upRunning = InterfaceFlags.Up | InterfaceFlags.Running;
        NetworkInterfaceInfo[] list =
        [
            Nic(1, "lo", upRunning | InterfaceFlags.Loopback, 772),
            Nic(2, "ifb0", InterfaceFlags.Broadcast),
            Nic(3, "eth1", InterfaceFlags.Up),
            Nic(4, "eth0", upRunning),
            Nic(5, "eth2", upRunning),
        ];
        Assert.Equal("eth0", NetworkInterfaces.DefaultCaptureInterface(list)?.Name);
        Assert.Equal("eth1", NetworkInterfaces.DefaultCaptureInterface(list[..3])?.Name);
        Assert.Equal("lo", NetworkInterfaces.DefaultCaptureInterface(list[..2])?.Name);
        Assert.Null(NetworkInterfaces.DefaultCaptureInterface(list[1..2]));
    }

    [Fact]
    public void Flags_are_named_as_ip_names_them()
    {
        NetworkInterfaceInfo nic = Nic(2, "eth0", InterfaceFlags.Up | InterfaceFlags.Broadcast | InterfaceFlags.Running
            | InterfaceFlags.Promiscuous | InterfaceFlags.Multicast | InterfaceFlags.LowerUp);
        Assert.Equal(["UP", "BROADCAST", "RUNNING", "PROMISC", "MULTICAST", "LOWER_UP"], nic.FlagNames());
        Assert.True(nic.IsPromiscuous);
    }

    [Theory]
    [InlineData(1, Wire.LinkType.Ethernet)]
    [InlineData(772, Wire.LinkType.Ethernet)]
    [InlineData(65534, Wire.LinkType.Raw)]
    [InlineData(776, Wire.LinkType.LinuxSll2)]
    public void Capture_link_type_follows_the_hardware_type(int type, Wire.LinkType expected) =>
        Assert.Equal(expected, Nic(9, "x", InterfaceFlags.Up, type).CaptureLinkType);

    [Fact]
    public void The_loopback_device_is_listed_with_its_addresses()
    {
        if (!OperatingSystem.IsLinux()) return;
        NetworkInterfaceInfo lo = NetworkInterfaces.Find("lo");
        Assert.True(lo.IsLoopback);
        Assert.True(lo.IsUp);
        Assert.True(lo.Mtu > 0);
        Assert.Contains(new InterfaceAddress(IPAddress.Loopback, 8), lo.Addresses);
        Assert.Equal(lo.Index, int.Parse(File.ReadAllText("/sys/class/net/lo/ifindex").Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
