using SockScope.Net.Attribution;

namespace SockScope.Net.Tests.Attribution;

public class PtcpdumpFormatTests
{
    private static readonly ProcessInfo Curl = new()
    {
        Pid = 1234, Tid = 1235, Command = "curl", ThreadName = "curl", Executable = "/usr/bin/curl", Arguments = ["curl", "-s", "http://10.0.0.2/"],
        Uid = 1000, Gid = 1001, ParentPid = 99, ParentExecutable = "/usr/bin/bash", ParentArguments = ["bash"],
        CgroupPath = "/system.slice/docker-" + new string('a', 64) + ".scope", ContainerId = new string('a', 64),
    };

    [Fact]
    public void CommentsFollowPtcpdumpsBlocks()
    {
        Assert.Equal(
        [
            "PID: 1234\nCmd: /usr/bin/curl\nArgs: curl -s http://10.0.0.2/",
            "ThreadId: 1235\nThreadName: curl",
            "UserId: 1000\nGroupId: 1001",
            "ParentPID: 99\nParentCmd: /usr/bin/bash\nParentArgs: bash",
            $"ContainerName: \nContainerId: {new string('a', 64)}\nContainerImage: \nContainerLabels: ",
            $"Cgroup: {Curl.CgroupPath}",
        ], PtcpdumpFormat.Comments(Curl));
        Assert.Equal("Process (pid 1234, cmd /usr/bin/curl, args curl -s http://10.0.0.2/)\n    ParentProc (pid 99, cmd /usr/bin/bash, args bash)",
            PtcpdumpFormat.VerboseLines(Curl));
        Assert.Equal("1234/curl", System.Text.Encoding.UTF8.GetString(Curl.ShortText));
    }

    [Fact]
    public void RootsUserBlockIsLeftOutAsPtcpdumpDoes()
    {
        ProcessInfo root = new() { Pid = 1, Command = "init", Executable = "/sbin/init", Arguments = ["/sbin/init"] };
        Assert.Equal(["PID: 1\nCmd: /sbin/init\nArgs: /sbin/init"], PtcpdumpFormat.Comments(root));
    }

    [Fact]
    public void CommentsParseBackToTheProcess()
    {
        ProcessInfo back = PtcpdumpFormat.Parse(PtcpdumpFormat.Comments(Curl))!;
        Assert.Equal((1234, 1235, "curl", "/usr/bin/curl", 1000u, 1001u, 99, "/usr/bin/bash", Curl.ContainerId, Curl.CgroupPath),
            (back.Pid, back.Tid, back.Command, back.Executable, back.Uid, back.Gid, back.ParentPid, back.ParentExecutable, back.ContainerId, back.CgroupPath));
        Assert.Equal(Curl.Arguments, back.Arguments);
        Assert.Null(PtcpdumpFormat.Parse(["a comment of someone else's"]));
    }

    [Theory]
    [InlineData("/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("/kubepods/besteffort/pod1/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("/user.slice/user-1000.slice/session-2.scope", "")]
    public void ContainerIdsComeFromTheCgroupPath(string path, string id) => Assert.Equal(id, ProcessResolver.ContainerIdOf(path));

    [Theory]
    [InlineData("net:[4026531840]", 4026531840UL)]
    [InlineData("net:[]", 0UL)]
    [InlineData("garbage", 0UL)]
    [InlineData(null, 0UL)]
    public void NamespaceInodesComeFromTheLinkTarget(string? target, ulong inode) => Assert.Equal(inode, ProcessResolver.NamespaceInode(target));

    [Fact]
    public void AProcessCarriesItsNetworkNamespace()
    {
        // This process's own entry: its namespace is the one OwnNetworkNamespace reports, and not 0.
        ProcessInfo self = new ProcessResolver().Resolve(Environment.ProcessId);
        Assert.NotEqual(0UL, self.NetworkNamespace);
        Assert.Equal(ProcessResolver.OwnNetworkNamespace(), self.NetworkNamespace);
    }
}
