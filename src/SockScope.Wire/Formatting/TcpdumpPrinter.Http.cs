namespace SockScope.Wire.Formatting;

// HTTP on ports 80 and 8080, as tcpdump's text-protocol printer shows it: "HTTP" and, when the
// segment starts with a request or status line, that line (-v: every text line).
public sealed partial class TcpdumpPrinter
{
    private const int MaxToken = 128;

    private static ReadOnlySpan<byte> HttpMethods =>
        "GET PUT COPY HEAD LOCK MOVE POLL POST BCOPY BMOVE MKCOL TRACE LABEL MERGE DELETE SEARCH UNLOCK REPORT UPDATE NOTIFY BDELETE CONNECT OPTIONS CHECKIN PROPFIND CHECKOUT CCM_POST SUBSCRIBE PROPPATCH BPROPFIND BPROPPATCH UNCHECKOUT MKACTIVITY MKWORKSPACE UNSUBSCRIBE RPC_CONNECT VERSION-CONTROL BASELINE-CONTROL "u8;

    private void PrintHttp(ReadOnlySpan<byte> payload, long length)
    {
        int len = (int)Math.Min(length, int.MaxValue);
        bool printThis = false;
        int next = FetchToken(payload, 0, len, out ReadOnlySpan<byte> token);
        if (next != 0)
        {
            if (IsHttpMethod(token)) printThis = true;
            // A status line has the 3-digit code as its second token.
            next = FetchToken(payload, next, len, out token);
            if (next != 0 && token.Length == 3 && IsDigit(token[0]) && IsDigit(token[1]) && IsDigit(token[2])) printThis = true;
        }
        _out.Append("HTTP"u8);
        if (!printThis) return;
        if (_options.Verbosity > 0)
        {
            _out.Append(", length: "u8).Append(length);
            int at = 0;
            while (at < len)
            {
                int end = PrintTextLine("\n\t"u8, payload, at, len);
                if (end == 0) break;
                at = end;
            }
        }
        else
        {
            PrintTextLine(": "u8, payload, 0, len);
        }
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsHttpMethod(ReadOnlySpan<byte> token)
    {
        ReadOnlySpan<byte> list = HttpMethods;
        while (list.Length > 0)
        {
            int space = list.IndexOf((byte)' ');
            ReadOnlySpan<byte> method = list[..space];
            if (method.Length == token.Length && System.Text.Ascii.EqualsIgnoreCase(method, token)) return true;
            list = list[(space + 1)..];
        }
        return false;
    }

    /// <summary>
    /// Reads one token (up to a space, CR or LF) starting at <paramref name="at"/>; returns where the
    /// next token starts after the following spaces, or 0 when there is no printable token.
    /// </summary>
    private static int FetchToken(ReadOnlySpan<byte> p, int at, int length, out ReadOnlySpan<byte> token)
    {
        token = default;
        int start = at;
        for (; at < length; at++)
        {
            if (at >= p.Length) return 0;
            byte c = p[at];
            if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') break;
            if (c is < 0x20 or > 0x7E) return 0;
            if (at - start >= MaxToken) return 0;
        }
        if (at == length && at - start == 0) return 0;
        token = p[start..Math.Min(at, p.Length)];
        for (; at < length; at++)
        {
            // The capture may end among the spaces: the token is still whole.
            if (at >= p.Length) break;
            byte c = p[at];
            if (c is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) break;
        }
        return at;
    }

    /// <summary>Prints one CRLF- or LF-terminated line of printable text; returns the index after it, or 0 when it ends the text.</summary>
    private int PrintTextLine(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> p, int at, int length)
    {
        int start = at;
        while (at < length)
        {
            if (at >= p.Length)
            {
                // Captured bytes end inside the line: tcpdump gives up on the line unprinted.
                _out.Append(" [|http]"u8);
                return 0;
            }
            byte c = p[at];
            if (c == (byte)'\n')
            {
                _out.Append(prefix).Append(p[start..at]);
                return at + 1;
            }
            if (c == (byte)'\r')
            {
                if (at + 1 >= length) return 0;
                if (at + 1 >= p.Length)
                {
                    _out.Append(" [|http]"u8);
                    return 0;
                }
                if (p[at + 1] == (byte)'\n')
                {
                    _out.Append(prefix).Append(p[start..at]);
                    return at + 2;
                }
                return 0;
            }
            if ((c is < 0x20 or > 0x7E) && c != (byte)'\t') return 0;
            at++;
        }
        _out.Append(prefix).Append(p[start..at]).Append(" [|http]"u8);
        return 0;
    }
}
