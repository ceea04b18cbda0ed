namespace SockScope.Wire.Building;

/// <summary>A field as typed: <c>name=value</c>, the value a word, a quoted string or a [list].</summary>
internal sealed record LayerField(string Name, int NameColumn, string Value, int ValueColumn, IReadOnlyList<LayerField>? List, bool Quoted = false);

/// <summary>A layer as typed: <c>name(field, ...)</c>, a bare name, or a quoted payload.</summary>
internal sealed record LayerSyntax(string Name, int Column, IReadOnlyList<LayerField> Fields, string? Text);

/// <summary>
/// Splits a layer expression into layers and fields, scapy style:
/// <c>ipv4(dst=10.0.0.2, ttl=7) / udp(sport=4000, dport=5000) / 'hello'</c>. It only knows the
/// punctuation; what names and values mean is decided by <see cref="LayerExpression"/>.
/// A positional value inside parentheses (<c>raw(0102)</c>) gets the empty name.
/// </summary>
internal ref struct LayerExpressionSyntax
{
    private readonly string _text;
    private int _at;

    private LayerExpressionSyntax(string text)
    {
        _text = text;
        _at = 0;
    }

    public static List<LayerSyntax> Parse(string text)
    {
        var parser = new LayerExpressionSyntax(text);
        var layers = new List<LayerSyntax>();
        while (true)
        {
            parser.SkipSpace();
            layers.Add(parser.ReadLayer());
            parser.SkipSpace();
            if (parser.AtEnd) return layers;
            parser.Expect('/');
        }
    }

    private readonly bool AtEnd => _at >= _text.Length;
    private readonly int Column => _at + 1;

    private readonly LayerExpressionException Error(string message, int column) =>
        new($"{message} at column {column}", _text, column);

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(_text[_at])) _at++;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (AtEnd) throw Error($"expected '{c}' but the expression ended", Column);
        if (_text[_at] != c) throw Error($"expected '{c}' but found '{_text[_at]}'", Column);
        _at++;
    }

    private LayerSyntax ReadLayer()
    {
        int column = Column;
        if (AtEnd) throw Error("expected a layer but the expression ended", column);
        if (_text[_at] is '\'' or '"')
            return new LayerSyntax("", column, [], ReadQuoted());
        string name = ReadWord();
        if (name.Length == 0) throw Error($"expected a layer name but found '{_text[_at]}'", column);
        SkipSpace();
        var fields = new List<LayerField>();
        if (!AtEnd && _text[_at] == '(')
        {
            _at++;
            SkipSpace();
            if (!AtEnd && _text[_at] == ')')
            {
                _at++;
            }
            else
            {
                fields.AddRange(ReadFields(')'));
            }
        }
        return new LayerSyntax(name.ToLowerInvariant(), column, fields, null);
    }

    private List<LayerField> ReadFields(char close)
    {
        var fields = new List<LayerField>();
        while (true)
        {
            SkipSpace();
            fields.Add(ReadField(close));
            SkipSpace();
            if (AtEnd) throw Error($"missing '{close}'", Column);
            char c = _text[_at++];
            if (c == close) return fields;
            if (c != ',') throw Error($"expected ',' or '{close}' but found '{c}'", Column - 1);
        }
    }

    private LayerField ReadField(char close)
    {
        int nameColumn = Column;
        if (AtEnd) throw Error("expected a field but the expression ended", nameColumn);
        if (_text[_at] is '\'' or '"')
            return new LayerField("", nameColumn, ReadQuoted(), nameColumn, null, Quoted: true);
        string first = ReadValueWord(close);
        if (first.Length == 0) throw Error($"expected a field but found '{_text[_at]}'", nameColumn);
        SkipSpace();
        if (AtEnd || _text[_at] != '=')
            return new LayerField("", nameColumn, first, nameColumn, null); // positional value
        _at++;
        SkipSpace();
        int valueColumn = Column;
        if (AtEnd) throw Error($"field '{first}' has no value", valueColumn);
        if (_text[_at] == '[')
        {
            _at++;
            SkipSpace();
            if (!AtEnd && _text[_at] == ']')
            {
                _at++;
                return new LayerField(first.ToLowerInvariant(), nameColumn, "", valueColumn, []);
            }
            return new LayerField(first.ToLowerInvariant(), nameColumn, "", valueColumn, ReadFields(']'));
        }
        if (_text[_at] is '\'' or '"')
            return new LayerField(first.ToLowerInvariant(), nameColumn, ReadQuoted(), valueColumn, null, Quoted: true);
        string value = ReadValueWord(close);
        if (value.Length == 0) throw Error($"field '{first}' has no value", valueColumn);
        return new LayerField(first.ToLowerInvariant(), nameColumn, value, valueColumn, null);
    }

    private string ReadWord()
    {
        int start = _at;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] is '_' or '-')) _at++;
        return _text[start.._at];
    }

    /// <summary>A value runs to the next ',', '=', closing bracket or space: addresses with ':' and '.' stay whole.</summary>
    private string ReadValueWord(char close)
    {
        int start = _at;
        while (!AtEnd && _text[_at] != ',' && _text[_at] != close && _text[_at] != '=' && _text[_at] != '/'
               && _text[_at] is not ('(' or ')' or '[' or ']') && !char.IsWhiteSpace(_text[_at]))
            _at++;
        return _text[start.._at];
    }

    private string ReadQuoted()
    {
        char quote = _text[_at];
        int column = Column;
        _at++;
        var text = new System.Text.StringBuilder();
        while (true)
        {
            if (AtEnd) throw Error("unterminated string", column);
            char c = _text[_at++];
            if (c == quote) return text.ToString();
            if (c == '\\' && !AtEnd)
            {
                char e = _text[_at++];
                text.Append(e switch { 'n' => '\n', 'r' => '\r', 't' => '\t', '0' => '\0', _ => e });
                continue;
            }
            text.Append(c);
        }
    }
}
