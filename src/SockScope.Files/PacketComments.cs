using System.Buffers.Binary;
using System.Text;
using SockScope.Files.PcapNg;

namespace SockScope.Files;

/// <summary>
/// Comments for one packet record (pcapng opt_comment, one option each), encoded once so that
/// writing them with every packet of a flow costs a copy and no allocation. pcap has no place for
/// them: a pcap writer drops them and says so in <see cref="CaptureFileWriter.CommentsDropped"/>.
/// </summary>
public sealed class PacketComments
{
    /// <summary>Encodes <paramref name="comments"/> (UTF-8, each at most 65535 bytes).</summary>
    public PacketComments(IEnumerable<string> comments)
    {
        Texts = comments.ToArray();
        int size = 0;
        byte[][] encoded = new byte[Texts.Count][];
        for (int i = 0; i < encoded.Length; i++)
        {
            encoded[i] = Encoding.UTF8.GetBytes(Texts[i]);
            if (encoded[i].Length > ushort.MaxValue)
                throw new ArgumentException($"a pcapng comment holds at most {ushort.MaxValue} bytes ({encoded[i].Length} given)", nameof(comments));
            size += 4 + ((encoded[i].Length + 3) & ~3);
        }
        var options = new byte[size];
        int at = 0;
        foreach (byte[] text in encoded)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(options.AsSpan(at), PcapNgFormat.OptionComment);
            BinaryPrimitives.WriteUInt16LittleEndian(options.AsSpan(at + 2), (ushort)text.Length);
            text.CopyTo(options, at + 4);
            at += 4 + ((text.Length + 3) & ~3);
        }
        EncodedOptions = options;
    }

    /// <summary>The comments, in order.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>The pcapng options (little-endian, padded, without opt_endofopt).</summary>
    internal byte[] EncodedOptions { get; }

    /// <summary>Reads the opt_comment values out of a pcapng option list (<paramref name="bigEndian"/> as its section says).</summary>
    internal static List<string> Decode(ReadOnlySpan<byte> options, bool bigEndian)
    {
        var comments = new List<string>();
        int at = 0;
        while (at + 4 <= options.Length)
        {
            ushort code = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(options[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(options[at..]);
            int length = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(options[(at + 2)..]) : BinaryPrimitives.ReadUInt16LittleEndian(options[(at + 2)..]);
            if (code == PcapNgFormat.OptionEnd || at + 4 + length > options.Length) break;
            if (code == PcapNgFormat.OptionComment) comments.Add(Encoding.UTF8.GetString(options.Slice(at + 4, length)));
            at += 4 + ((length + 3) & ~3);
        }
        return comments;
    }
}
