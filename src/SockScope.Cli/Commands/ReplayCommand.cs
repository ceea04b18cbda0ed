using System.Globalization;
using SockScope.Files;
using SockScope.Net;
using SockScope.Net.Injection;

namespace SockScope.Cli.Commands;

/// <summary>`sockscope replay`: sends a capture's frames out of an interface, like tcpreplay.</summary>
internal sealed class ReplayCommand : ICommand
{
    public string Name => "replay";
    public string Summary => "send the frames of a pcap/pcapng capture out of an interface";
    public string Help => """
        usage: sockscope replay FILE -i IFACE [--topspeed | --pps N | --multiplier X] [--limit N]

        Sends every frame of an Ethernet capture (pcap or pcapng) on IFACE through a packet socket,
        as recorded: the gaps between timestamps are kept unless told otherwise. Needs CAP_NET_RAW.

          -i IFACE          interface to send on (required)
          --topspeed        send as fast as the interface takes them
          --pps N           send at N packets per second
          --multiplier X    replay X times faster than recorded (0.5 = half speed)
          --limit N         stop after N packets
          -q                print nothing but errors

        At the end it prints, as tcpreplay does, what was sent and at which rate; frames the
        interface refused (larger than its MTU, say) are counted as failed.

        """;

    public int Run(string[] args)
    {
        var reader = new ArgReader(args);
        string? device = null;
        var options = new ReplayOptions();
        bool quiet = false;
        int pacingChoices = 0;
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "i": device = reader.Value(); break;
                case "topspeed" or "t": options = options with { Pacing = ReplayPacing.TopSpeed }; pacingChoices++; break;
                case "pps" or "p": options = options with { Pacing = ReplayPacing.FixedRate, PacketsPerSecond = reader.DoubleValue(0.001, 100_000_000) }; pacingChoices++; break;
                case "multiplier" or "x": options = options with { Pacing = ReplayPacing.Recorded, Multiplier = reader.DoubleValue(0.0001, 1_000_000) }; pacingChoices++; break;
                case "limit" or "L": options = options with { Limit = reader.IntValue(1) }; break;
                case "q": quiet = true; break;
                default: throw reader.Unknown();
            }
        }
        if (reader.Positionals.Count != 1) throw new UsageException("usage: sockscope replay FILE -i IFACE [--topspeed | --pps N | --multiplier X]");
        if (device is null) throw new UsageException("which interface? give -i IFACE");
        if (pacingChoices > 1) throw new UsageException("choose one of --topspeed, --pps and --multiplier");
        string path = reader.Positionals[0];

        using var cancel = new CancellationTokenSource();
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            cancel.Cancel();
        });
        ReplayResult result;
        try
        {
            using CaptureFileReader file = CaptureFileReader.Open(path);
            using var sender = new PacketSocketSender(device);
            result = CaptureReplayer.Replay(file, sender, options, cancel.Token);
        }
        catch (FileNotFoundException)
        {
            throw new CommandException($"{path}: no such file");
        }
        catch (CaptureFileException e)
        {
            throw new CommandException($"{path}: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            throw new CommandException($"{path}: {e.Message}");
        }
        catch (NetOperationException e)
        {
            throw new CommandException(e.Message);
        }
        if (!quiet)
        {
            var c = CultureInfo.InvariantCulture;
            double seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-6);
            Console.Out.Write(string.Create(c,
                $"Actual: {result.Sent} packets ({result.Bytes} bytes) sent in {result.Elapsed.TotalSeconds:0.000000} seconds\n" +
                $"Rated: {result.Bytes / seconds:0.0} Bps, {result.Bytes * 8 / seconds / 1e6:0.00} Mbps, {result.Sent / seconds:0.00} pps\n" +
                $"Statistics for network device: {device}\n" +
                $"\tSuccessful packets:        {result.Sent}\n" +
                $"\tFailed packets:            {result.Failed}\n" +
                $"\tTruncated packets:         {result.Truncated}\n"));
        }
        if (result.Failed > 0)
        {
            Console.Error.WriteLine($"sockscope replay: {result.Failed} frames not sent (last: {result.LastError})");
            return CommandRunner.Failure;
        }
        return CommandRunner.Success;
    }
}
