using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SockScope.Files;

/// <summary>
/// Copies packet data into a writer's buffer with code the JIT compiles for this machine.
/// </summary>
/// <remarks>
/// Span.CopyTo runs the framework's precompiled (ReadyToRun) Memmove, which this runtime ships
/// with legacy SSE encoding. Called from JIT code that has just used 256- or 512-bit registers
/// (any copy of a large struct does), every SSE instruction pays for the AVX state transition:
/// in a live capture that cost 140 ns per packet, more than everything else together
/// (docs/perf/capture.md). With tiered compilation off nothing recompiles Memmove, so the hot
/// paths copy here instead.
/// </remarks>
internal static class PacketBytes
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int length = source.Length;
        if (length > destination.Length)
            throw new ArgumentException("destination too short", nameof(destination));
        if (!Vector256.IsHardwareAccelerated)
        {
            source.CopyTo(destination);   // no AVX, so no transition to pay for
            return;
        }
        ref byte from = ref MemoryMarshal.GetReference(source);
        ref byte to = ref MemoryMarshal.GetReference(destination);
        if (length >= 32)
        {
            // 32-byte blocks, the last one overlapping the one before so no tail loop is needed.
            int offset = 0;
            for (; offset < length - 32; offset += 32)
                Vector256.LoadUnsafe(ref from, (nuint)offset).StoreUnsafe(ref to, (nuint)offset);
            Vector256.LoadUnsafe(ref from, (nuint)(length - 32)).StoreUnsafe(ref to, (nuint)(length - 32));
        }
        else if (length >= 16)
        {
            Vector128<byte> head = Vector128.LoadUnsafe(ref from);
            Vector128<byte> tail = Vector128.LoadUnsafe(ref from, (nuint)(length - 16));
            head.StoreUnsafe(ref to);
            tail.StoreUnsafe(ref to, (nuint)(length - 16));
        }
        else
        {
            for (int i = 0; i < length; i++)
                Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
        }
    }
}
