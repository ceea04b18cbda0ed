using System.Net.Sockets;
using SockScope.Filter;
using SockScope.Net.Interop;
using SockScope.Wire;

namespace SockScope.Net.Capture;

/// <summary>
/// Opens the capture the system offers: a packet socket ring on Linux, SIO_RCVALL on Windows.
/// <code>
/// using ILiveCapture capture = LiveCapture.Open(new CaptureOptions { Interface = "eth0" }, "tcp port 443");
/// await foreach (CapturedPacket packet in capture.ReadPacketsAsync(cancellationToken)) ...
/// </code>
/// </summary>
public static class LiveCapture
{
    /// <summary>
    /// Opens a capture keeping the packets that match a pcap-filter expression (tcpdump's
    /// language). The expression is compiled for the interface's link type with live semantics
    /// (inbound, outbound and ifindex become the kernel's ancillary loads) and runs in the kernel;
    /// where the kernel cannot run it (on "any", an expression reading the cooked header's address;
    /// VLAN tests) the capture runs it on each frame itself. An empty expression keeps everything.
    /// Throws <see cref="FilterSyntaxException"/> for a bad expression (its <c>Display</c> shows a
    /// caret under the column), <see cref="NetOperationException"/> when the OS refuses.
    /// </summary>
    public static ILiveCapture Open(CaptureOptions options, string filterExpression)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(filterExpression);
        if (string.IsNullOrWhiteSpace(filterExpression)) return Open(options);
        BpfProgram program = FilterCompiler.Compile(filterExpression, LinkTypeOf(options), options.EffectiveSnapLength, live: true);
        return Open(options, program);
    }

    /// <summary>
    /// Opens a capture with a compiled filter (for <see cref="LinkTypeOf"/> of the same options;
    /// null for none): in the kernel where it can run there, otherwise applied by the capture to
    /// each frame before it is handed over.
    /// </summary>
    public static ILiveCapture Open(CaptureOptions options, BpfProgram? filter)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OperatingSystem.IsLinux())
            return PacketSocketCapture.Open(options, filter);
        ILiveCapture capture = Open(options, ReadOnlySpan<SockFilter>.Empty);
        if (filter is not null) capture.SetFilter(filter);
        return capture;
    }

    /// <summary>
    /// Opens a capture with raw classic BPF (8-byte struct sock_filter instructions). When the
    /// kernel cannot run it, <see cref="ILiveCapture.RequiresUserSpaceFilter"/> is true and the
    /// caller filters each frame; the <see cref="BpfProgram"/> overload does that for you.
    /// </summary>
    public static ILiveCapture Open<TInstruction>(CaptureOptions options, ReadOnlySpan<TInstruction> filter) where TInstruction : unmanaged
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OperatingSystem.IsLinux())
            return PacketSocketCapture.Open(options, filter);
        if (OperatingSystem.IsWindows())
        {
            NetworkInterfaceInfo info = NetworkInterfaces.Find(options.Interface);
            InterfaceAddress? v4 = info.Addresses.FirstOrDefault(a => a.Address.AddressFamily == AddressFamily.InterNetwork);
            if (v4 is null)
                throw new NetOperationException("capture", Errno.EADDRNOTAVAIL, $"capture: interface {info.Name} has no IPv4 address to bind SIO_RCVALL to");
            RawIpCapture capture = RawIpCapture.OpenReceiveAll(v4.Value.Address, info.Name, options.EffectiveSnapLength);
            if (!filter.IsEmpty) capture.SetFilter(filter);
            return capture;
        }
        throw new PlatformNotSupportedException("live capture is implemented for Linux (packet sockets) and Windows (SIO_RCVALL)");
    }

    /// <summary>Opens a capture that keeps every frame (cut to the snap length).</summary>
    public static ILiveCapture Open(CaptureOptions options) => Open(options, ReadOnlySpan<SockFilter>.Empty);

    /// <summary>
    /// The link type a capture with these options delivers, which is what a filter must be compiled
    /// for: LINUX_SLL2 on "any", the interface's own on Linux (EN10MB for Ethernet and loopback,
    /// RAW for tunnels), RAW (IP) on Windows. Throws <see cref="NetOperationException"/> for an
    /// unknown interface.
    /// </summary>
    public static LinkType LinkTypeOf(CaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsAnyInterface) return LinkType.LinuxSll2;
        if (!OperatingSystem.IsLinux()) return LinkType.Raw;
        return NetworkInterfaces.Find(options.Interface, withAddresses: false).CaptureLinkType;
    }
}
