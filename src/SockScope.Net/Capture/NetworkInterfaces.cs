using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using SockScope.Net.Interop;
using SockScope.Wire;
using SockScope.Wire.Addresses;

namespace SockScope.Net.Capture;

/// <summary>
/// The host's interfaces, read from /sys/class/net (index, MAC, MTU, state, flags, type) with
/// addresses from System.Net.NetworkInformation; on other systems from the latter alone.
/// </summary>
public static class NetworkInterfaces
{
    private const string SysClassNet = "/sys/class/net";

    /// <summary>
    /// Every interface, ordered by index. Without <paramref name="withAddresses"/> (Linux only) the
    /// addresses are left empty: reading them is most of the cost, and a capture does not need them.
    /// </summary>
    public static IReadOnlyList<NetworkInterfaceInfo> List(bool withAddresses = true)
    {
        Dictionary<string, List<InterfaceAddress>> addresses = withAddresses || !OperatingSystem.IsLinux()
            ? ReadAddresses() : new(StringComparer.Ordinal);
        var result = new List<NetworkInterfaceInfo>();
        if (OperatingSystem.IsLinux() && Directory.Exists(SysClassNet))
        {
            foreach (string dir in Directory.EnumerateFileSystemEntries(SysClassNet))
            {
                string name = Path.GetFileName(dir);
                NetworkInterfaceInfo? info = ReadSysfs(dir, name, addresses);
                if (info is not null) result.Add(info);
            }
        }
        else
        {
            foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
                result.Add(FromNetworkInformation(nic, addresses));
        }
        result.Sort((a, b) => a.Index.CompareTo(b.Index));
        return result;
    }

    /// <summary>The interface called <paramref name="name"/>; throws <see cref="UnknownInterfaceException"/> listing the known ones.</summary>
    public static NetworkInterfaceInfo Find(string name, bool withAddresses = true)
    {
        IReadOnlyList<NetworkInterfaceInfo> all = List(withAddresses);
        foreach (NetworkInterfaceInfo info in all)
            if (info.Name == name) return info;
        throw new UnknownInterfaceException(name, all.Select(i => i.Name).Append(CaptureOptions.AnyInterface));
    }

    /// <summary>
    /// The name of interface <paramref name="index"/> now (if_indextoname on Linux), or null when
    /// no interface has that index: what a cooked-v2 line starts with.
    /// </summary>
    public static string? NameOf(int index)
    {
        if (index <= 0) return null;
        if (OperatingSystem.IsLinux()) return RawSocketInterop.InterfaceName(index);
        return List().FirstOrDefault(i => i.Index == index)?.Name;
    }

    /// <summary>
    /// The interface tcpdump captures on without -i: the first one that is up and running and not
    /// a loopback (then the first up one that is not a loopback, then the first up one).
    /// </summary>
    public static NetworkInterfaceInfo? DefaultCaptureInterface(IReadOnlyList<NetworkInterfaceInfo>? interfaces = null)
    {
        interfaces ??= List();
        return interfaces.FirstOrDefault(i => i.IsUp && i.IsRunning && !i.IsLoopback)
            ?? interfaces.FirstOrDefault(i => i.IsUp && !i.IsLoopback)
            ?? interfaces.FirstOrDefault(i => i.IsUp);
    }

    private static NetworkInterfaceInfo? ReadSysfs(string dir, string name, Dictionary<string, List<InterfaceAddress>> addresses)
    {
        string? index = ReadLine(Path.Combine(dir, "ifindex"));
        if (index is null || !int.TryParse(index, NumberStyles.Integer, CultureInfo.InvariantCulture, out int ifindex))
            return null;
        int.TryParse(ReadLine(Path.Combine(dir, "mtu")), NumberStyles.Integer, CultureInfo.InvariantCulture, out int mtu);
        int.TryParse(ReadLine(Path.Combine(dir, "type")), NumberStyles.Integer, CultureInfo.InvariantCulture, out int type);
        string flagsText = ReadLine(Path.Combine(dir, "flags")) ?? "0";
        uint flags = 0;
        if (flagsText.StartsWith("0x", StringComparison.Ordinal))
            uint.TryParse(flagsText.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out flags);
        // /sys's flags miss the RFC 2863 bits; the operational state gives LOWER_UP and DORMANT.
        string oper = ReadLine(Path.Combine(dir, "operstate")) ?? "unknown";
        if (ReadLine(Path.Combine(dir, "carrier")) == "1") flags |= (uint)InterfaceFlags.LowerUp;
        if (oper == "dormant") flags |= (uint)InterfaceFlags.Dormant;
        // RUNNING is not in /sys either: the kernel reports it for an up device whose operational state is up or unknown.
        if ((flags & (uint)InterfaceFlags.Up) != 0 && oper is "up" or "unknown") flags |= (uint)InterfaceFlags.Running;
        MacAddress? mac = null;
        string? address = ReadLine(Path.Combine(dir, "address"));
        if (address is not null && address.Length == MacAddress.MaxFormattedLength && MacAddress.TryParse(address, out MacAddress parsed))
            mac = parsed;
        return new NetworkInterfaceInfo
        {
            Index = ifindex,
            Name = name,
            Mac = mac,
            Mtu = mtu,
            OperState = oper,
            Flags = (InterfaceFlags)flags,
            HardwareType = type,
            Addresses = addresses.TryGetValue(name, out List<InterfaceAddress>? list) ? list : [],
        };
    }

    private static NetworkInterfaceInfo FromNetworkInformation(NetworkInterface nic, Dictionary<string, List<InterfaceAddress>> addresses)
    {
        IPInterfaceProperties props = nic.GetIPProperties();
        int index = 0;
        int mtu = 0;
        try
        {
            IPv4InterfaceProperties v4 = props.GetIPv4Properties();
            index = v4.Index;
            mtu = v4.Mtu;
        }
        catch (NetworkInformationException) { }
        byte[] physical = nic.GetPhysicalAddress().GetAddressBytes();
        InterfaceFlags flags = nic.OperationalStatus == OperationalStatus.Up ? InterfaceFlags.Up | InterfaceFlags.Running : InterfaceFlags.None;
        if (nic.NetworkInterfaceType == NetworkInterfaceType.Loopback) flags |= InterfaceFlags.Loopback;
        if (nic.SupportsMulticast) flags |= InterfaceFlags.Multicast;
        return new NetworkInterfaceInfo
        {
            Index = index,
            Name = nic.Name,
            Mac = physical.Length == MacAddress.Size ? MacAddress.Read(physical) : null,
            Mtu = mtu,
            OperState = nic.OperationalStatus.ToString().ToLowerInvariant(),
            Flags = flags,
            HardwareType = nic.NetworkInterfaceType == NetworkInterfaceType.Loopback ? CookedHeader.LoopbackHardwareType : 1,
            Addresses = addresses.TryGetValue(nic.Name, out List<InterfaceAddress>? list) ? list : [],
        };
    }

    private static Dictionary<string, List<InterfaceAddress>> ReadAddresses()
    {
        var map = new Dictionary<string, List<InterfaceAddress>>(StringComparer.Ordinal);
        NetworkInterface[] nics;
        try { nics = NetworkInterface.GetAllNetworkInterfaces(); }
        catch (NetworkInformationException) { return map; }
        foreach (NetworkInterface nic in nics)
        {
            var list = new List<InterfaceAddress>();
            foreach (UnicastIPAddressInformation a in nic.GetIPProperties().UnicastAddresses)
            {
                // The scope id (fe80::1%4) is the interface itself: leave it out, as ip does.
                IPAddress address = a.Address;
                if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0) address = new IPAddress(address.GetAddressBytes());
                list.Add(new InterfaceAddress(address, a.PrefixLength));
            }
            map[nic.Name] = list;
        }
        return map;
    }

    private static string? ReadLine(string path)
    {
        try { return File.ReadAllText(path).Trim(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}

/// <summary>No interface has the name given; the message lists the ones that exist.</summary>
public sealed class UnknownInterfaceException : NetOperationException
{
    /// <summary>The name asked for and the names that exist.</summary>
    public UnknownInterfaceException(string name, IEnumerable<string> known)
        : base("capture", Errno.ENODEV, $"no such interface '{name}' (known: {string.Join(", ", known)})")
    {
        InterfaceName = name;
    }

    /// <summary>The name that matched no interface.</summary>
    public string InterfaceName { get; }
}
