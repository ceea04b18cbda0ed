using SockScope.Net.Capture;
using SockScope.Wire;

namespace SockScope.Cli;

/// <summary>The interface a live command names with -i (capture, flows, flow export).</summary>
internal static class CaptureInterfaceArgument
{
    /// <summary>
    /// The link type a capture on <paramref name="iface"/> delivers, which its filter is compiled
    /// for: cooked v2 for "any", raw IP off Linux (the receive-all socket), else the interface's
    /// own; a <see cref="CommandException"/> naming the known interfaces when there is no such one.
    /// </summary>
    public static LinkType LinkType(string iface, IReadOnlyList<NetworkInterfaceInfo> interfaces)
    {
        if (iface == CaptureOptions.AnyInterface) return Wire.LinkType.LinuxSll2;
        if (!OperatingSystem.IsLinux()) return Wire.LinkType.Raw;
        NetworkInterfaceInfo? info = interfaces.FirstOrDefault(i => i.Name == iface);
        if (info is null)
            throw new CommandException($"no such interface '{iface}' (known: {string.Join(", ", interfaces.Select(i => i.Name).Append(CaptureOptions.AnyInterface))})");
        return info.CaptureLinkType;
    }
}
