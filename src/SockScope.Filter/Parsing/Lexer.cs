using System.Net;

namespace SockScope.Filter.Parsing;

/// <summary>
/// Splits a pcap-filter expression into tokens. Words run over letters, digits and <c>. - _ :</c> the way
/// pcap-filter users write names, addresses and ranges (<c>tcp-syn</c>, <c>1-1024</c>, <c>fe80::1</c>);
/// a colon stays inside a word only when the word is a MAC or IPv6 address (so <c>ip[2:2]</c> splits).
/// </summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            int start = i;
            if (char.IsAsciiLetterOrDigit(c) || c == '\\' || (c == ':' && i + 1 < text.Length && text[i + 1] == ':'))
            {
                tokens.Add(ReadWord(text, ref i));
                continue;
            }
            (TokenKind kind, int length) = c switch
            {
                '(' => (TokenKind.LParen, 1),
                ')' => (TokenKind.RParen, 1),
                '[' => (TokenKind.LBracket, 1),
                ']' => (TokenKind.RBracket, 1),
                ':' => (TokenKind.Colon, 1),
                '+' => (TokenKind.Plus, 1),
                '-' => (TokenKind.Minus, 1),
                '*' => (TokenKind.Star, 1),
                '/' => (TokenKind.Slash, 1),
                '%' => (TokenKind.Percent, 1),
                '^' => (TokenKind.Caret, 1),
                '&' when Next(text, i) == '&' => (TokenKind.And, 2),
                '&' => (TokenKind.Amp, 1),
                '|' when Next(text, i) == '|' => (TokenKind.Or, 2),
                '|' => (TokenKind.Pipe, 1),
                '!' when Next(text, i) == '=' => (TokenKind.Ne, 2),
                '!' => (TokenKind.Not, 1),
                '=' when Next(text, i) == '=' => (TokenKind.Eq, 2),
                '=' => (TokenKind.Eq, 1),
                '<' when Next(text, i) == '=' => (TokenKind.Le, 2),
                '<' when Next(text, i) == '<' => (TokenKind.Shl, 2),
                '<' => (TokenKind.Lt, 1),
                '>' when Next(text, i) == '=' => (TokenKind.Ge, 2),
                '>' when Next(text, i) == '>' => (TokenKind.Shr, 2),
                '>' => (TokenKind.Gt, 1),
                _ => throw new FilterSyntaxException($"unexpected character '{c}'", text, i),
            };
            tokens.Add(new Token(kind, text.Substring(start, length), start));
            i += length;
        }
        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static char Next(string text, int i) => i + 1 < text.Length ? text[i + 1] : '\0';

    private static Token ReadWord(string text, ref int i)
    {
        int start = i;
        if (text[i] == '\\')
        {
            // \name: an escaped keyword used as a name (proto \tcp, ether proto \ip).
            i++;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '!')) i++;
            return new Token(TokenKind.Escaped, text[(start + 1)..i], start);
        }
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '-' or '_' or ':')) i++;
        // A word does not end in '-' (so "ip[0]-" never swallows the operator); flex's rule is the same.
        while (i > start + 1 && text[i - 1] is '-') i--;
        string word = text[start..i];
        if (word.Contains(':') && !IsMacOrIpv6(word))
        {
            int colon = word.IndexOf(':');
            i = start + colon;
            word = word[..colon];
        }
        while (word.Length > 1 && word[^1] is '-') { word = word[..^1]; i--; }
        return new Token(Classify(word), word, start);
    }

    private static TokenKind Classify(string word)
    {
        if (IsNumber(word)) return TokenKind.Number;
        if (word.Contains(':')) return TokenKind.Address;
        if (word.Contains('.') && word.Split('.').All(p => p.Length > 0 && IsNumber(p))) return TokenKind.Address;
        return TokenKind.Word;
    }

    internal static bool IsNumber(string word)
    {
        if (word.Length == 0) return false;
        if (word.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return word.Length > 2 && word.Skip(2).All(char.IsAsciiHexDigit);
        return word.All(char.IsAsciiDigit);
    }

    internal static bool IsMacOrIpv6(string word)
    {
        string[] parts = word.Split(':');
        if (parts.Length == 6 && parts.All(p => p.Length is 1 or 2 && p.All(char.IsAsciiHexDigit))) return true;
        return IPAddress.TryParse(word, out IPAddress? a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
    }
}
