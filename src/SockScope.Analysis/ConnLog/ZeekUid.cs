namespace SockScope.Analysis.ConnLog;

/// <summary>
/// Zeek-style connection uids: "C" and 17 base62 characters. Derived from a seed and the flow's
/// number by a 64-bit mixing function, so they look random, never repeat within a run, and a fixed
/// seed reproduces them (tests, diffs).
/// </summary>
public static class ZeekUid
{
    /// <summary>Characters in a uid.</summary>
    public const int Length = 18;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Writes the uid of flow number <paramref name="id"/> under <paramref name="seed"/> as ASCII; returns <see cref="Length"/>.</summary>
    public static int Format(ulong seed, long id, Span<byte> output)
    {
        ulong a = Mix(seed ^ (ulong)id);
        ulong b = Mix(a ^ 0x632BE59BD9B4E019UL ^ seed);
        output[0] = (byte)'C';
        for (int i = 1; i < Length; i++)
        {
            ref ulong word = ref (i < 10 ? ref a : ref b);
            output[i] = (byte)Alphabet[(int)(word % 62)];
            word /= 62;
        }
        return Length;
    }

    /// <summary>The uid as a string.</summary>
    public static string ToString(ulong seed, long id)
    {
        Span<byte> text = stackalloc byte[Length];
        Format(seed, id, text);
        return System.Text.Encoding.ASCII.GetString(text);
    }

    // SplitMix64's finaliser: a bijection, so distinct inputs give distinct words.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
