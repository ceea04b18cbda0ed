using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using SockScope.TestSupport;
using SockScope.Wire;

namespace SockScope.Files.Tests.Fuzzing;

/// <summary>
/// A time-bounded mutation fuzzer over corpus packets and corpus files. Inputs run on a worker
/// thread under a watchdog, so a hang is caught and saved like a crash. Every failing input is
/// written to FuzzRegressions/ (packets as one-record pcaps, files as .bin) and replayed by
/// <see cref="FuzzRegressionTests"/>.
/// </summary>
internal sealed class FuzzRunner
{
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);
    private static readonly LinkType[] LinkTypes =
        [LinkType.Ethernet, LinkType.Raw, LinkType.Ipv4, LinkType.Ipv6, LinkType.Null, LinkType.Loop, LinkType.LinuxSll, LinkType.LinuxSll2, LinkType.Ieee802_11];

    public sealed record Failure(string Signature, string Description, string SavedAs);

    public sealed record Result(long PacketInputs, long FileInputs, IReadOnlyList<Failure> Failures, IReadOnlyList<Failure> KnownFailures);

    private readonly List<(LinkType Link, byte[] Data, int Original)> _packets = [];
    private readonly List<byte[]> _files = [];

    public static string RegressionDirectory =>
        Path.Combine(Corpus.RepositoryRoot ?? throw new InvalidOperationException("repository root not found"), "tests", "SockScope.Files.Tests", "FuzzRegressions");

    /// <summary>Loads seeds: packets of every corpus capture, the smaller corpus files, and a few written here.</summary>
    public void LoadSeeds(int maxPackets = 30_000)
    {
        foreach (string capture in Corpus.AllCaptures())
        {
            byte[] bytes = File.ReadAllBytes(capture);
            if (bytes.Length <= 32 * 1024) _files.Add(bytes);
            try
            {
                using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(bytes));
                while (_packets.Count < maxPackets && reader.TryRead(out CaptureRecord r))
                    if (r.Data.Length <= 4096) _packets.Add((r.LinkType, r.Data.ToArray(), r.OriginalLength));
            }
            catch (CaptureFileException)
            {
            }
        }
        foreach (CaptureFileFormat format in Enum.GetValues<CaptureFileFormat>())
        {
            var stream = new MemoryStream();
            using (CaptureFileWriter writer = CaptureFileWriter.Create(stream, format, LinkType.Ethernet, 65535, "eth0", leaveOpen: true))
            {
                for (int i = 0; i < 3 && i < _packets.Count; i++) writer.Write(_packets[i].Data, i * 1_000_000_123L, _packets[i].Original);
                writer.WriteStatistics(0, 5, new InterfaceStatistics { Received = 3, InterfaceDropped = 0 });
            }
            _files.Add(stream.ToArray());
        }
        if (_packets.Count == 0) _packets.Add((LinkType.Ethernet, new byte[64], 64));
    }

    /// <summary>Fuzzes for <paramref name="duration"/>. Failures whose signature is in <paramref name="knownSignatures"/> are counted apart.</summary>
    public Result Run(int seed, TimeSpan duration, IReadOnlySet<string> knownSignatures, bool save = true, FuzzTargets.PacketTarget? extraTarget = null)
    {
        var session = new Session(this, new Mutator(new Random(seed)), duration, knownSignatures, save, extraTarget);
        var worker = new Thread(session.Work, maxStackSize: 16 * 1024 * 1024) { IsBackground = true, Name = "fuzz" };
        worker.Start();
        while (!session.WatchOnce()) Thread.Sleep(100);
        if (session.HarnessError is { } error) throw new InvalidOperationException("the fuzzer failed", error);
        return session.ToResult();
    }

    /// <summary>One run's state, shared by the worker thread and the watchdog under a lock.</summary>
    private sealed class Session(FuzzRunner runner, Mutator mutator, TimeSpan duration, IReadOnlySet<string> knownSignatures, bool save, FuzzTargets.PacketTarget? extraTarget)
    {
        private readonly object _gate = new();
        private readonly List<Failure> _failures = [];
        private readonly List<Failure> _known = [];
        private readonly HashSet<string> _seen = [];
        private long _packetInputs;
        private long _fileInputs;
        private Input? _current;
        private long _startedTicks;
        private bool _finished;

        private sealed record Input(bool IsFile, LinkType Link, byte[] Data, int Original);

        public Exception? HarnessError { get; private set; }

        public void Work()
        {
            try
            {
                using var targets = new FuzzTargets { Extra = extraTarget };
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < duration)
                {
                    Input input = Next();
                    lock (_gate)
                    {
                        _current = input;
                        _startedTicks = Stopwatch.GetTimestamp();
                    }
                    try
                    {
                        if (input.IsFile) targets.RunFile(input.Data);
                        else targets.RunPacket(input.Link, input.Data, input.Original);
                    }
                    catch (Exception e)
                    {
                        Record(input, e);
                    }
                    lock (_gate)
                    {
                        _current = null;
                        if (input.IsFile) _fileInputs++;
                        else _packetInputs++;
                    }
                }
            }
            catch (Exception e)
            {
                // A bug in the fuzzer itself: report it rather than crash the test host.
                HarnessError = e;
            }
            lock (_gate) _finished = true;
        }

        /// <summary>True when the run is over: finished, or an input hangs (saved; the background worker is abandoned).</summary>
        public bool WatchOnce()
        {
            lock (_gate)
            {
                if (_finished) return true;
                if (_current is not { } running || Stopwatch.GetElapsedTime(_startedTicks) <= HangLimit) return false;
                string saved = save ? Save(running.IsFile, running.Link, running.Data, running.Original) : "";
                _failures.Add(new Failure("hang", $"input still running after {HangLimit.TotalSeconds} s", saved));
                return true;
            }
        }

        public Result ToResult()
        {
            lock (_gate) return new Result(_packetInputs, _fileInputs, [.. _failures], [.. _known]);
        }

        private Input Next()
        {
            Random random = mutator.Random;
            if (random.Next(4) == 0)
            {
                byte[] seedFile = runner._files[random.Next(runner._files.Count)];
                return new Input(true, default, mutator.Mutate(seedFile, runner._files[random.Next(runner._files.Count)], headerBias: 96), 0);
            }
            var seedPacket = runner._packets[random.Next(runner._packets.Count)];
            byte[] data = mutator.Mutate(seedPacket.Data, runner._packets[random.Next(runner._packets.Count)].Data);
            LinkType link = random.Next(10) == 0 ? LinkTypes[random.Next(LinkTypes.Length)] : seedPacket.Link;
            int original = random.Next(5) == 0
                ? mutator.EdgeLength(data.Length)
                : Math.Max(data.Length, seedPacket.Original + data.Length - seedPacket.Data.Length);
            return new Input(false, link, data, original);
        }

        private void Record(Input input, Exception e)
        {
            string signature = Signature(e);
            lock (_gate)
            {
                if (!_seen.Add(signature)) return;
                string saved = save ? Save(input.IsFile, input.Link, input.Data, input.Original) : "";
                var failure = new Failure(signature, $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}", saved);
                (knownSignatures.Contains(signature) ? _known : _failures).Add(failure);
            }
        }
    }

    /// <summary>
    /// The exception type and the SockScope method that threw (frames of the runtime's throw
    /// helpers are skipped): one bug, one signature.
    /// </summary>
    public static string Signature(Exception e)
    {
        var trace = new StackTrace(e, fNeedFileInfo: false);
        System.Reflection.MethodBase? first = null;
        for (int i = 0; i < trace.FrameCount; i++)
        {
            System.Reflection.MethodBase? method = trace.GetFrame(i)?.GetMethod();
            if (method is null) continue;
            first ??= method;
            if (method.DeclaringType?.Namespace?.StartsWith("SockScope", StringComparison.Ordinal) == true)
                return $"{e.GetType().Name} in {method.DeclaringType.Name}.{method.Name}";
        }
        return $"{e.GetType().Name} in {first?.DeclaringType?.Name}.{first?.Name}";
    }

    private static string Save(bool isFile, LinkType link, byte[] data, int original)
    {
        Directory.CreateDirectory(RegressionDirectory);
        string hash = Convert.ToHexStringLower(SHA256.HashData(data))[..12];
        string path;
        if (isFile)
        {
            path = Path.Combine(RegressionDirectory, $"file-{hash}.bin");
            File.WriteAllBytes(path, data);
        }
        else
        {
            // Written by hand: the writer would raise an original length below the captured one.
            path = Path.Combine(RegressionDirectory, $"packet-{hash}.pcap");
            var bytes = new byte[24 + 16 + data.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, 0xA1B2C3D4);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 2);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), 4);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 262144);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), (ushort)link);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(32), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(36), (uint)original);
            data.CopyTo(bytes, 40);
            File.WriteAllBytes(path, bytes);
        }
        return Path.GetFileName(path);
    }
}
