namespace SockScope.Net.Probing;

/// <summary>The wording iputils ping uses for ICMP errors, so output reads the same as ping's.</summary>
public static class IcmpErrorText
{
    /// <summary>iputils' text for an ICMP error of this type and code ("Destination Host Unreachable", "Time to live exceeded", "Frag needed and DF set (mtu = 1400)").</summary>
    public static string Describe(bool ipv6, byte type, byte code, uint info) => ipv6 ? Describe6(type, code, info) : Describe4(type, code, info);

    private static string Describe4(byte type, byte code, uint info) => type switch
    {
        3 => code switch
        {
            0 => "Destination Net Unreachable",
            1 => "Destination Host Unreachable",
            2 => "Destination Protocol Unreachable",
            3 => "Destination Port Unreachable",
            4 => $"Frag needed and DF set (mtu = {info})",
            5 => "Source Route Failed",
            6 => "Destination Net Unknown",
            7 => "Destination Host Unknown",
            8 => "Source Host Isolated",
            9 => "Destination Net Prohibited",
            10 => "Destination Host Prohibited",
            11 => "Destination Net Unreachable for Type of Service",
            12 => "Destination Host Unreachable for Type of Service",
            13 => "Packet filtered",
            14 => "Precedence Violation",
            15 => "Precedence Cutoff",
            _ => $"Dest Unreachable, Bad Code: {code}",
        },
        4 => "Source Quench",
        5 => code switch
        {
            0 => "Redirect Network",
            1 => "Redirect Host",
            2 => "Redirect Type of Service and Network",
            3 => "Redirect Type of Service and Host",
            _ => $"Redirect, Bad Code: {code}",
        },
        11 => code switch
        {
            0 => "Time to live exceeded",
            1 => "Frag reassembly time exceeded",
            _ => $"Time exceeded, Bad Code: {code}",
        },
        12 => $"Parameter problem: pointer = {info >> 24}",
        _ => $"Bad ICMP type: {type}",
    };

    private static string Describe6(byte type, byte code, uint info) => type switch
    {
        1 => "Destination unreachable: " + code switch
        {
            0 => "No route",
            1 => "Administratively prohibited",
            2 => "Beyond scope of source address",
            3 => "Address unreachable",
            4 => "Port unreachable",
            _ => $"Unknown code {code}",
        },
        2 => $"Packet too big: mtu={info}",
        3 => "Time exceeded: " + code switch
        {
            0 => "Hop limit",
            1 => "Defragmentation failure",
            _ => $"code {code}",
        },
        4 => "Parameter problem: " + code switch
        {
            0 => "Wrong header field ",
            1 => "Unknown header ",
            2 => "Unknown option ",
            _ => $"code {code} ",
        } + $"at {info}",
        _ => $"unknown icmp type: {type}",
    };
}
