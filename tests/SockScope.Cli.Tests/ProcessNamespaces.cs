namespace SockScope.Cli.Tests;

/// <summary>
/// Two namespaces for the process-capture tests (sspr-aN with 10.92.N.1 / fd92:N::1, sspr-bN with
/// .2 / ::2, veth sspr-Na / sspr-Nb: a <see cref="CaptureNamespaces"/> pair of their own) and a real
/// HTTP server (python3 -m http.server) bound to B's address. Every namespace and process is
/// removed on Dispose, by name or PID.
/// </summary>
internal sealed class ProcessNamespaces : IDisposable
{
    private readonly CaptureNamespaces _pair = new("sspr", 92);

    public ProcessNamespaces()
    {
        try
        {
            Start(B, $"timeout 60 python3 -m http.server 8000 --bind {AddressB}");
            // Wait (bounded) until the server answers.
            for (int i = 0; i < 50; i++)
            {
                if (CaptureNamespaces.Exec(A, $"curl -s -o /dev/null -m 1 {Url}", TimeSpan.FromSeconds(5)).Code == 0) break;
                Thread.Sleep(100);
            }
            Thread.Sleep(300);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int N => _pair.N;
    public string A => _pair.A;
    public string B => _pair.B;
    public string VethA => _pair.VethA;
    public string AddressB => _pair.AddressB;
    public string Address6B => _pair.Address6B;
    public string Url => $"http://{AddressB}:8000/";

    /// <summary>Starts a command in a namespace; `ip netns exec` execs it, so the PID is the command's.</summary>
    public CaptureNamespaces.Capturer Start(string ns, string commandLine) => _pair.Start(ns, commandLine);

    /// <summary>Starts `sockscope ARGS` in namespace A.</summary>
    public CaptureNamespaces.Capturer SockScope(string args) => Start(A, $"dotnet {CaptureNamespaces.SockScopeDll} {args}");

    public void Dispose() => _pair.Dispose();
}
