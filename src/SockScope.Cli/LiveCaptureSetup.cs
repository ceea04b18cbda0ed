using SockScope.Filter;
using SockScope.Net;
using SockScope.Net.Capture;
using SockScope.Wire;

namespace SockScope.Cli;

/// <summary>What every live command (capture, flows -i, stats -i, --export) does before it opens the interface.</summary>
internal static class LiveCaptureSetup
{
    /// <summary>The link type a capture on <paramref name="iface"/> will have; an unknown name lists the known ones.</summary>
    public static LinkType LinkTypeFor(string iface, IReadOnlyList<NetworkInterfaceInfo> interfaces)
    {
        if (iface == CaptureOptions.AnyInterface) return LinkType.LinuxSll2;
        if (!OperatingSystem.IsLinux()) return LinkType.Raw;
        NetworkInterfaceInfo? info = interfaces.FirstOrDefault(i => i.Name == iface);
        if (info is null)
            throw new CommandException($"no such interface '{iface}' (known: {string.Join(", ", interfaces.Select(i => i.Name).Append(CaptureOptions.AnyInterface))})");
        return info.CaptureLinkType;
    }

    /// <summary>
    /// The filter as a program for the kernel to run on the capture socket (null for none), so that
    /// packets it rejects are never copied to us. A bad expression is a usage error with a caret.
    /// Live semantics: inbound/outbound/ifindex become the kernel's ancillary loads.
    /// </summary>
    public static BpfProgram? CompileFilter(string? expression, LinkType linkType, int snapLength = CaptureOptions.DefaultSnapLength) =>
        PacketFilterAdapter.CompileProgram(expression, linkType, snapLength, live: true);

    /// <summary>Opens the capture; what the system refuses (no privilege, no such device) is a one-line runtime error.</summary>
    public static ILiveCapture Open(CaptureOptions options, BpfProgram? program)
    {
        try
        {
            return LiveCapture.Open(options, program);
        }
        catch (NetOperationException e)
        {
            throw new CommandException(e.Message);
        }
    }

    /// <summary>The line flows and the exporter print on stderr once the capture is open.</summary>
    public static void WriteListening(ILiveCapture capture) =>
        Console.Error.WriteLine($"sockscope: listening on {capture.InterfaceName}, link-type {LinkTypeNames.Name(capture.LinkType)}, snapshot length {capture.SnapLength} bytes");
}
