using SockScope.TestSupport;
using SockScope.Net.Ebpf;
using SockScope.Net.Observability;

namespace SockScope.Net.Tests.Ebpf;

public class TracepointFormatTests
{
    private const string SocketFormat = """
        name: sys_enter_socket
        ID: 1234
        format:
        	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
        	field:unsigned char common_flags;	offset:2;	size:1;	signed:0;
        	field:unsigned char common_preempt_count;	offset:3;	size:1;	signed:0;
        	field:int common_pid;	offset:4;	size:4;	signed:1;

        	field:int __syscall_nr;	offset:8;	size:4;	signed:1;
        	field:int family;	offset:16;	size:8;	signed:0;
        	field:int type;	offset:24;	size:8;	signed:0;
        	field:struct sockaddr * umyaddr;	offset:32;	size:8;	signed:0;

        print fmt: "family: 0x%08lx"
        """;

    [Fact]
    public void ReadsFieldOffsetsSizesAndNames()
    {
        TracepointFormat f = TracepointFormat.Parse("syscalls", "sys_enter_socket", 1234, SocketFormat);
        Assert.Equal(1234, f.Id);
        Assert.Equal(new TracepointField("family", 16, 8, false), f["family"]);
        Assert.Equal(32, f["umyaddr"].Offset);         // pointer declarations keep only the name
        Assert.Equal(4, f["common_pid"].Size);
        Assert.True(f["common_pid"].Signed);
        Assert.Throws<KeyNotFoundException>(() => f["protocol"]);
    }

    [Fact]
    public void SyscallArgumentsAreTheFieldsAfterSyscallNumberInOrder()
    {
        TracepointFormat f = TracepointFormat.Parse("syscalls", "sys_enter_socket", 1, SocketFormat);
        Assert.Equal(["family", "type", "umyaddr"], SocketWatchProgram.SyscallArguments(f).Select(a => a.Name));
    }

    [RootFact]
    public void TheLiveKernelDescribesTheSocketTracepoints()
    {
        string tracefs = Tracefs.Locate();
        TracepointFormat enter = TracepointFormat.Read(tracefs, "syscalls", "sys_enter_socket");
        Assert.True(enter.Id > 0);
        Assert.Equal(["family", "type", "protocol"], SocketWatchProgram.SyscallArguments(enter).Select(a => a.Name));
        TracepointFormat exit = TracepointFormat.Read(tracefs, "syscalls", "sys_exit_accept4");
        Assert.Equal(8, exit["ret"].Size);
    }
}
