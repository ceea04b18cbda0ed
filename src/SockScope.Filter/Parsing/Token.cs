namespace SockScope.Filter.Parsing;

internal enum TokenKind
{
    End,
    Escaped,   // \name: a keyword used as a name
    Word,      // identifiers, keywords, names, host names
    Number,    // 80, 0x1fff, 017
    Address,   // 10.1.2.3, 10.1 (dotted), fe80::1, 00:11:22:33:44:55
    LParen, RParen, LBracket, RBracket, Colon,
    Not, And, Or,                       // ! && || (the word forms come as Word)
    Plus, Minus, Star, Slash, Percent, Amp, Pipe, Caret, Shl, Shr,
    Eq, Ne, Lt, Le, Gt, Ge,
}

internal readonly record struct Token(TokenKind Kind, string Text, int Column)
{
    public bool Is(string word) => Kind == TokenKind.Word && string.Equals(Text, word, StringComparison.Ordinal);
    public override string ToString() => Kind == TokenKind.End ? "end of expression" : $"'{Text}'";
}
