namespace SockScope.Wire.Formatting;

/// <summary>How a packet's bytes are dumped after its decoded text: tcpdump's <c>-x</c>, <c>-X</c> and <c>-A</c>.</summary>
public enum DumpStyle
{
    /// <summary>No dump.</summary>
    None,
    /// <summary><c>-x</c>: hexadecimal, 16 bytes a line, each line starting with a tab and its offset.</summary>
    Hex,
    /// <summary><c>-X</c>: hexadecimal with the printable ASCII beside it.</summary>
    HexAndAscii,
    /// <summary><c>-A</c>: ASCII from a new line: printable bytes, tabs and newlines as they are, carriage returns dropped, others as '.'.</summary>
    Ascii,
}
