using SockScope.Wire.Addresses;
using SockScope.Wire.Formatting;

namespace SockScope.Wire.Tests.Icmp;

/// <summary>
/// The standalone printers take any bytes and any claimed length a caller hands them (the fuzzers
/// reach them only through TcpdumpPrinter, which passes lengths the IP header vouches for): no
/// exception but for a negative length, which is the caller's mistake.
/// </summary>
public sealed class StandalonePrinterRobustnessTests
{
    // Types that lead somewhere: ICMP errors, echo, redirect, router advertisement, timestamps; IGMP
    // v1-v3, DVMRP, PIMv1, mtrace; ICMPv6 errors, echo, MLD, ND, renumbering, node information, RPL.
    private static readonly byte[] Types = [3, 5, 8, 9, 11, 12, 14, 0x11, 0x13, 0x14, 0x16, 0x22, 0x1e, 0x1f, 1, 128, 130, 134, 135, 138, 139, 143, 155];

    [Fact]
    public void Random_messages_and_lengths_print_without_exceptions()
    {
        var random = new Random(13);
        using var text = new Utf8Builder(1 << 16);
        var address = Ipv6Address.Parse("fe80::1");
        for (int i = 0; i < 4000; i++)
        {
            byte[] message = new byte[random.Next(0, 200)];
            random.NextBytes(message);
            if (message.Length > 0 && random.Next(2) == 0) message[0] = Types[random.Next(Types.Length)];
            int length = random.Next(0, message.Length + 64);
            int verbosity = random.Next(0, 4);
            text.Clear();
            IcmpPrinter.Print(message, length, text, new IcmpPrintContext { Verbosity = verbosity, Fragmented = random.Next(4) == 0 });
            IgmpPrinter.Print(message, length, text, new IgmpPrintContext { Verbosity = verbosity });
            Icmpv6Printer.Print(message, length, text, new Icmpv6PrintContext { Verbosity = verbosity, Source = address, Destination = address });
            ArpPrinter.Print(message, length, text, new ArpPrintContext { Verbosity = verbosity, LinkHeader = random.Next(2) == 0 });
        }
    }

    [Fact]
    public void A_negative_length_is_refused()
    {
        using var text = new Utf8Builder();
        Assert.Throws<ArgumentOutOfRangeException>(() => IcmpPrinter.Print([8, 0, 0, 0, 0, 0, 0, 0], -1, text, new IcmpPrintContext()));
        Assert.Throws<ArgumentOutOfRangeException>(() => IgmpPrinter.Print([0x16, 0, 0, 0, 0, 0, 0, 0], -1, text, new IgmpPrintContext()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Icmpv6Printer.Print([128, 0, 0, 0, 0, 0, 0, 0], -1, text, new Icmpv6PrintContext()));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArpPrinter.Print([], -1, text, new ArpPrintContext()));
    }
}
