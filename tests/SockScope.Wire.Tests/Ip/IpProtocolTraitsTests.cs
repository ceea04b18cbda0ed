using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Ip;

public class IpProtocolTraitsTests
{
    [Fact]
    public void Only_tcp_udp_dccp_and_sctp_start_with_ports()
    {
        IpProtocol[] withPorts = [IpProtocol.Tcp, IpProtocol.Udp, IpProtocol.Dccp, IpProtocol.Sctp];
        for (int n = 0; n <= byte.MaxValue; n++)
        {
            var protocol = (IpProtocol)n;
            Assert.Equal(withPorts.Contains(protocol), protocol.StartsWithPorts());
        }
        Assert.Equal([6, 17, 33, 132], withPorts.Select(p => (int)p).Order());
    }
}
