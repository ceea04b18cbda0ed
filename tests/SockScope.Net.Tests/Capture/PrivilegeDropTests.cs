using SockScope.Net.Capture;

namespace SockScope.Net.Tests.Capture;

public sealed class PrivilegeDropTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\ntcpdump:x:104:110::/nonexistent:/usr/sbin/nologin\n";
    private const string Group = "root:x:0:\npcap:x:110:\nwireshark:x:120:tcpdump,alice\nadm:x:4:alice\n";

    [Fact]
    public void Finds_the_user_its_group_and_its_supplementary_groups()
    {
        PrivilegeDrop.Account? account = PrivilegeDrop.Lookup("tcpdump", Passwd, Group);
        Assert.NotNull(account);
        Assert.Equal(104u, account.Value.UserId);
        Assert.Equal(110u, account.Value.GroupId);
        Assert.Equal([110u, 120u], account.Value.SupplementaryGroups);
    }

    [Fact]
    public void Accepts_a_numeric_id_and_refuses_unknown_names()
    {
        Assert.Equal("nobody", PrivilegeDrop.Lookup("65534", Passwd, Group)?.Name);
        Assert.Null(PrivilegeDrop.Lookup("mallory", Passwd, Group));
    }
}
