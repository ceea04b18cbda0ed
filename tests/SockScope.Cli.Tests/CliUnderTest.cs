using System.Diagnostics;

namespace SockScope.Cli.Tests;

/// <summary>
/// The `sockscope` that the process-level tests start: the binary named by the SOCKSCOPE_CLI
/// environment variable (a published Native AOT file: CI runs these tests against one), else the
/// JIT build beside the tests as `dotnet sockscope.dll`.
/// </summary>
internal static class CliUnderTest
{
    /// <summary>The environment variable naming a published binary to test instead of the JIT build.</summary>
    public const string Variable = "SOCKSCOPE_CLI";

    /// <summary>The published binary under test, or null for the JIT build.</summary>
    public static string? Native { get; } =
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>The JIT build's entry assembly, beside the tests.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "sockscope.dll");

    /// <summary>The program to start.</summary>
    public static string File => Native ?? Dotnet;

    /// <summary>The arguments that come before sockscope's own: the assembly for the JIT build, none for a binary.</summary>
    public static string[] PrefixArgs => Native is null ? [Dll] : [];

    /// <summary><see cref="PrefixArgs"/> as the start of an argument string (with a trailing space when not empty).</summary>
    public static string Prefix => Native is null ? Dll + " " : "";

    /// <summary>The command as a shell would run it (for `bash -c`, `ip netns exec`, setpriv).</summary>
    public static string Command => Native ?? $"{Dotnet} {Dll}";

    /// <summary>A start description for sockscope with <paramref name="args"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] args) =>
        new(File, [.. PrefixArgs, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };

    private static string Dotnet =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
}
