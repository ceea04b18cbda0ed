using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SockScope.Wire;

namespace SockScope.Net.Capture;

/// <summary>
/// The owned-packet API beside the zero-copy ring: each frame copied into its own buffer as a
/// <see cref="CapturedPacket"/>, for async code that keeps packets across awaits. A reader thread
/// waits on the capture and fills a bounded channel; a slow consumer makes it wait, and the
/// kernel then counts the drops, as with any slow reader.
/// </summary>
public static class CapturedPacketStream
{
    /// <summary>Every frame the capture hands over (after its filter) as an owned packet, until <paramref name="cancellationToken"/> is cancelled; <paramref name="capacity"/> packets wait at most for a slow consumer.</summary>
    public static async IAsyncEnumerable<CapturedPacket> ReadPacketsAsync(this ILiveCapture capture,
        [EnumeratorCancellation] CancellationToken cancellationToken = default, int capacity = 4096)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var channel = Channel.CreateBounded<CapturedPacket>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = new Thread(() => Pump(capture, channel.Writer, stop.Token)) { IsBackground = true, Name = "sockscope capture reader" };
        reader.Start();
        try
        {
            await foreach (CapturedPacket packet in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return packet;
        }
        finally
        {
            stop.Cancel();
            reader.Join();
        }
    }

    private static void Pump(ILiveCapture capture, ChannelWriter<CapturedPacket> writer, CancellationToken token)
    {
        var copier = new Copier { Writer = writer, LinkType = capture.LinkType, Token = token };
        try
        {
            while (!token.IsCancellationRequested)
                capture.Dispatch(ref copier, TimeSpan.FromMilliseconds(100));
            writer.TryComplete();
        }
        catch (OperationCanceledException)
        {
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    private struct Copier : ICaptureHandler
    {
        public ChannelWriter<CapturedPacket> Writer;
        public LinkType LinkType;
        public CancellationToken Token;

        public bool OnFrame(in CapturedFrame frame)
        {
            var packet = new CapturedPacket(frame.Data.ToArray(), frame.OriginalLength, frame.TimestampNanoseconds, LinkType, frame.InterfaceIndex);
            if (!Writer.TryWrite(packet))
                Writer.WriteAsync(packet, Token).AsTask().GetAwaiter().GetResult();
            return !Token.IsCancellationRequested;
        }
    }
}
