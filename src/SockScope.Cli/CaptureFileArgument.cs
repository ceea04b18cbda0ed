using SockScope.Files;
using SockScope.Wire;

namespace SockScope.Cli;

/// <summary>The capture file a command names (read, stats, flows, flow export): a path, or '-' for standard input.</summary>
internal static class CaptureFileArgument
{
    /// <summary>Opens <paramref name="file"/>; every way it can fail is a <see cref="CommandException"/> in the words tcpdump uses.</summary>
    public static CaptureFileReader Open(string file)
    {
        if (Directory.Exists(file)) throw new CommandException($"{file}: Is a directory");
        try
        {
            return file == "-" ? CaptureFileReader.Open(Console.OpenStandardInput(), leaveOpen: false) : CaptureFileReader.Open(file);
        }
        catch (CaptureFileException e)
        {
            throw new CommandException($"{file}: {e.Message}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandException($"{file}: No such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CommandException($"{file}: Permission denied");
        }
    }

    /// <summary>tcpdump's "reading from file F, link-type NAME (DESCRIPTION), snapshot length N" line, on stderr.</summary>
    public static void WriteReadingFrom(string file, CaptureFileReader capture) =>
        Console.Error.WriteLine($"reading from file {file}, link-type {LinkTypeNames.Name(capture.LinkType)} ({LinkTypeNames.Description(capture.LinkType)}), snapshot length {capture.SnapLength}");
}
