using System.Net.Sockets;
using SockScope.Net.Interop;

namespace SockScope.Net.Capture;

/// <summary>Opens the capture the system offers: a packet socket ring on Linux, SIO_RCVALL on Windows.</summary>
public static class LiveCapture
{
    public static ILiveCapture Open<TInstruction>(CaptureOptions options, ReadOnlySpan<TInstruction> filter) where TInstruction : unmanaged
    {
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

    public static ILiveCapture Open(CaptureOptions options) => Open(options, ReadOnlySpan<SockFilter>.Empty);
}
