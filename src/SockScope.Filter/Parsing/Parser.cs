namespace SockScope.Filter.Parsing;

/// <summary>
/// Recursive-descent parser for pcap-filter(7). <c>and</c> and <c>or</c> share one precedence and group
/// left to right; <c>not</c> binds tighter. A bare id after <c>and</c>/<c>or</c>/<c>not</c> takes the
/// qualifiers of the primitive before it (<c>host a or b</c>); a primitive with some qualifiers written
/// takes the defaults for the others. Arithmetic follows pcap-filter's precedence, including its quirk
/// that <c>^</c> takes everything to its right as its operand.
/// </summary>
internal sealed class Parser
{
    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _pos;
    private Qualifiers _last = new(ProtoQual.None, DirQual.None, TypeQual.None);
    private bool _hasIdQualifiers;
    private int _depth;
    private int _nodes;

    /// <summary>Limits that keep the compiler's recursion bounded (no stack overflow on hostile input).</summary>
    private const int MaxDepth = 200, MaxNodes = 2000;

    // Set when a limit is hit, so that backtracking does not swallow the error.
    private bool _limitHit;

    private void Enter(Token at)
    {
        if (++_depth > MaxDepth)
        {
            _limitHit = true;
            throw Error($"expression nested too deeply (more than {MaxDepth} levels)", at);
        }
        if (++_nodes > MaxNodes)
        {
            _limitHit = true;
            throw Error($"expression too complex (more than {MaxNodes} terms)", at);
        }
    }

    private Parser(string text)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
    }

    /// <summary>Parses <paramref name="text"/>; null for an empty expression (accept everything).</summary>
    public static BoolExpr? Parse(string text)
    {
        var parser = new Parser(text);
        if (parser.Peek.Kind == TokenKind.End) return null;
        BoolExpr expr = parser.ParseExpr();
        if (parser.Peek.Kind != TokenKind.End) throw parser.Error($"syntax error: unexpected {parser.Peek}", parser.Peek);
        return expr;
    }

    private Token Peek => _tokens[_pos];
    private Token PeekAt(int ahead) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];
    private Token Take() => _tokens[_pos++];

    internal FilterSyntaxException Error(string message, Token at) => new(message, _text, at.Column);

    private bool IsAnd(Token t) => t.Kind == TokenKind.And || t.Is("and");
    private bool IsOr(Token t) => t.Kind == TokenKind.Or || t.Is("or");
    private bool IsNot(Token t) => t.Kind == TokenKind.Not || t.Is("not");

    private BoolExpr ParseExpr()
    {
        BoolExpr left = ParseTerm();
        while (IsAnd(Peek) || IsOr(Peek))
        {
            Token op = Take();
            BoolExpr right = ParseTerm();
            left = IsAnd(op) ? new AndExpr(left, right, op.Column) : new OrExpr(left, right, op.Column);
        }
        return left;
    }

    private BoolExpr ParseTerm()
    {
        Enter(Peek);
        try
        {
            if (IsNot(Peek))
            {
                Token not = Take();
                return new NotExpr(ParseTerm(), not.Column);
            }
            return ParsePrimary();
        }
        finally
        {
            _depth--;
        }
    }

    private BoolExpr ParsePrimary()
    {
        // A parenthesised group sees the qualifiers from before it and leaves them as they were
        // ("host a and (b or c)" works; "(host a) or b" does not), as in libpcap's grammar.
        Qualifiers outerQualifiers = _last;
        bool outerHas = _hasIdQualifiers;
        bool paren = Peek.Kind == TokenKind.LParen;
        BoolExpr result = ParsePrimaryInner();
        if (paren)
        {
            _last = outerQualifiers;
            _hasIdQualifiers = outerHas;
        }
        else _hasIdQualifiers = result is IdPrimitive;
        return result;
    }

    private BoolExpr ParsePrimaryInner()
    {
        Token t = Peek;
        switch (t.Kind)
        {
            case TokenKind.End:
                throw Error("syntax error: the expression ends where a primitive should follow", t);
            case TokenKind.LParen:
            {
                // Either an arithmetic relation "(a + b) > c" or a parenthesised boolean expression.
                int save = _pos;
                Qualifiers savedQualifiers = _last;
                bool savedHas = _hasIdQualifiers;
                try
                {
                    return ParseRelation();
                }
                catch (FilterSyntaxException) when (!_limitHit)
                {
                    _pos = save;
                    _last = savedQualifiers;
                    _hasIdQualifiers = savedHas;
                }
                Take();
                BoolExpr inner = ParseExpr();
                if (Peek.Kind != TokenKind.RParen) throw Error($"syntax error: expected ')' but found {Peek}", Peek);
                Take();
                return inner;
            }
            case TokenKind.Number when IsArithmeticOperator(PeekAt(1)):
            case TokenKind.Minus:
                return ParseRelation();
            case TokenKind.Number or TokenKind.Address or TokenKind.Escaped:
                return BareId();
            case TokenKind.Word:
                break;
            default:
                throw Error($"syntax error: unexpected {t}", t);
        }

        string word = t.Text;
        if (Names.Constants.ContainsKey(word) || word == "len") return ParseRelation();
        if (Names.ProtoWords.ContainsKey(word) && PeekAt(1).Kind == TokenKind.LBracket) return ParseRelation();
        if (Names.Unsupported.Contains(word)) throw Error($"'{word}' is not supported by SockScope's filter compiler", t);

        switch (word)
        {
            case "less" or "greater":
            {
                Take();
                uint n = ParseNumberToken(Take(), "a length");
                return new SpecialPrimitive(word == "less" ? SpecialKind.Less : SpecialKind.Greater, ProtoQual.None, n, t.Column);
            }
            case "vlan":
            {
                Take();
                uint? id = null;
                if (Peek.Kind == TokenKind.Number)
                {
                    Token idToken = Take();
                    id = ParseNumberToken(idToken, "a VLAN id");
                    if (id > 4095) throw Error($"VLAN tag {id} greater than maximum 4095", idToken);
                }
                return new SpecialPrimitive(SpecialKind.Vlan, ProtoQual.None, id, t.Column);
            }
            case "inbound" or "outbound":
                Take();
                return new SpecialPrimitive(word == "inbound" ? SpecialKind.Inbound : SpecialKind.Outbound, ProtoQual.None, null, t.Column);
            case "ifindex":
            {
                Take();
                uint index = ParseNumberToken(Take(), "an interface index");
                return new SpecialPrimitive(SpecialKind.IfIndex, ProtoQual.None, index, t.Column);
            }
            case "broadcast" or "multicast":
                Take();
                return new SpecialPrimitive(word == "broadcast" ? SpecialKind.Broadcast : SpecialKind.Multicast, ProtoQual.None, null, t.Column);
        }

        if (!Names.Keywords.Contains(word)) return BareId();
        return QualifiedPrimitive();
    }

    private BoolExpr BareId()
    {
        Token id = Take();
        if (id.Kind == TokenKind.Word && Names.Keywords.Contains(id.Text)) throw Error($"syntax error: unexpected keyword {id}", id);
        // A bare id borrows the qualifiers of the host/net/port/proto primitive before it; with none
        // before it (start of the expression, or after "ip", "vlan", "len > 5"...) it is an error.
        if (!_hasIdQualifiers) throw Error($"syntax error: {id} needs a qualifier here (host, net, port...)", id);
        return WithMask(_last, id, id.Column);
    }

    private BoolExpr QualifiedPrimitive()
    {
        int column = Peek.Column;
        ProtoQual proto = ProtoQual.None;
        DirQual dir = DirQual.None;
        TypeQual type = TypeQual.None;
        if (Names.ProtoWords.TryGetValue(Peek.Text, out ProtoQual p) && Peek.Kind == TokenKind.Word)
        {
            proto = p;
            Take();
            if (Peek.Is("proto"))
            {
                Take();
                Token id = TakeId("a protocol");
                var q = new Qualifiers(proto, DirQual.None, TypeQual.Proto);
                _last = q;
                return new IdPrimitive(q, id, null, -1, column);
            }
            if (Peek.Is("broadcast") || Peek.Is("multicast"))
            {
                Token which = Take();
                return new SpecialPrimitive(which.Text == "broadcast" ? SpecialKind.Broadcast : SpecialKind.Multicast, proto, null, column);
            }
            if (!(Peek.Is("src") || Peek.Is("dst") || Peek.Is("host") || Peek.Is("net") || Peek.Is("port") || Peek.Is("portrange")))
            {
                if (Peek.Kind is TokenKind.Number or TokenKind.Address || (Peek.Kind == TokenKind.Word && !Names.Keywords.Contains(Peek.Text)))
                {
                    // "ether 00:11:..." or "ip 10.0.0.1": protocol then an id with the default type.
                    Token bare = TakeId("an address");
                    var qb = new Qualifiers(proto, DirQual.None, TypeQual.None);
                    _last = qb;
                    return WithMask(qb, bare, column);
                }
                _last = new Qualifiers(proto, DirQual.None, TypeQual.None);
                return new ProtoPrimitive(proto, column);
            }
        }
        if (Peek.Is("src") || Peek.Is("dst"))
        {
            Token first = Take();
            dir = first.Text == "src" ? DirQual.Src : DirQual.Dst;
            // "src or dst" / "src and dst" (either order) as one qualifier.
            if ((IsOr(Peek) || IsAnd(Peek)) && (PeekAt(1).Is("src") || PeekAt(1).Is("dst")) && PeekAt(1).Text != first.Text)
            {
                bool or = IsOr(Take());
                Take();
                dir = or ? DirQual.SrcOrDst : DirQual.SrcAndDst;
            }
        }
        if (Peek.Is("host")) { Take(); type = TypeQual.Host; }
        else if (Peek.Is("net")) { Take(); type = TypeQual.Net; }
        else if (Peek.Is("port")) { Take(); type = TypeQual.Port; }
        else if (Peek.Is("portrange")) { Take(); type = TypeQual.PortRange; }
        else if (Peek.Is("proto") && proto == ProtoQual.None && dir == DirQual.None)
        {
            Take();
            Token id = TakeId("a protocol");
            var q = new Qualifiers(ProtoQual.None, DirQual.None, TypeQual.Proto);
            _last = q;
            return new IdPrimitive(q, id, null, -1, column);
        }
        var qualifiers = new Qualifiers(proto, dir, type);
        _last = qualifiers;
        Token value = TakeId(type switch { TypeQual.Port => "a port", TypeQual.PortRange => "a port range", TypeQual.Net => "a network", _ => "a host" });
        return WithMask(qualifiers, value, column);
    }

    // id [mask m | /len] for net; for everything else just the id.
    private BoolExpr WithMask(Qualifiers q, Token id, int column)
    {
        if (Peek.Is("mask"))
        {
            Token maskWord = Take();
            if (q.Type != TypeQual.Net) throw Error("'mask' applies only to 'net'", maskWord);
            Token mask = Take();
            if (mask.Kind != TokenKind.Address && mask.Kind != TokenKind.Number) throw Error($"syntax error: expected a netmask after 'mask' but found {mask}", mask);
            return new IdPrimitive(q, id, mask, -1, column);
        }
        if (Peek.Kind == TokenKind.Slash && id.Kind is TokenKind.Address or TokenKind.Number)
        {
            Token slash = Take();
            Token bits = Take();
            if (bits.Kind != TokenKind.Number) throw Error($"syntax error: expected a prefix length after '/' but found {bits}", bits);
            if (q.Type != TypeQual.Net && q.Type != TypeQual.None) throw Error("a prefix length applies only to 'net'", slash);
            uint n = ParseNumberToken(bits, "a prefix length");
            return new IdPrimitive(q with { Type = TypeQual.Net }, id, null, (int)Math.Min(n, 1000), column);
        }
        return new IdPrimitive(q, id, null, -1, column);
    }

    private Token TakeId(string what)
    {
        Token t = Peek;
        if (t.Kind is TokenKind.Number or TokenKind.Address or TokenKind.Escaped || (t.Kind == TokenKind.Word && !Names.Keywords.Contains(t.Text)))
        {
            return Take();
        }
        throw Error($"syntax error: expected {what} but found {t}", t);
    }

    internal uint ParseNumberToken(Token t, string what)
    {
        if (t.Kind != TokenKind.Number) throw Error($"syntax error: expected {what} but found {t}", t);
        if (!TryParseNumber(t.Text, out uint n)) throw Error($"number {t.Text} does not fit in 32 bits", t);
        return n;
    }

    /// <summary>Decimal, 0x hexadecimal, or octal with a leading 0 (as C's strtoul with base 0).</summary>
    internal static bool TryParseNumber(string text, out uint value)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return uint.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.HexNumber, inv, out value);
        if (text.Length > 1 && text[0] == '0')
        {
            ulong v = 0;
            foreach (char c in text)
            {
                if (c is < '0' or > '7') { value = 0; return false; }
                v = v * 8 + (ulong)(c - '0');
                if (v > uint.MaxValue) { value = 0; return false; }
            }
            value = (uint)v;
            return true;
        }
        return uint.TryParse(text, System.Globalization.NumberStyles.None, inv, out value);
    }

    // ---- arithmetic ----

    private static bool IsArithmeticOperator(Token t) => t.Kind is TokenKind.Plus or TokenKind.Minus or TokenKind.Star
        or TokenKind.Slash or TokenKind.Percent or TokenKind.Amp or TokenKind.Pipe or TokenKind.Caret or TokenKind.Shl
        or TokenKind.Shr or TokenKind.Eq or TokenKind.Ne or TokenKind.Lt or TokenKind.Le or TokenKind.Gt or TokenKind.Ge;

    private BoolExpr ParseRelation()
    {
        int column = Peek.Column;
        Arith left = ParseArith(1);
        Token op = Peek;
        RelOp? rel = op.Kind switch
        {
            TokenKind.Eq => RelOp.Eq, TokenKind.Ne => RelOp.Ne, TokenKind.Lt => RelOp.Lt, TokenKind.Le => RelOp.Le,
            TokenKind.Gt => RelOp.Gt, TokenKind.Ge => RelOp.Ge, _ => null,
        };
        if (rel is null) throw Error($"syntax error: expected a comparison (=, !=, <, <=, >, >=) but found {op}", op);
        Take();
        Arith right = ParseArith(1);
        return new Relation(rel.Value, left, right, column);
    }

    private static int Precedence(TokenKind kind) => kind switch
    {
        TokenKind.Pipe => 1,
        TokenKind.Amp => 2,
        TokenKind.Shl or TokenKind.Shr => 3,
        TokenKind.Plus or TokenKind.Minus => 4,
        TokenKind.Star or TokenKind.Slash or TokenKind.Percent => 5,
        _ => 0,
    };

    private static int AluOp(TokenKind kind) => kind switch
    {
        TokenKind.Pipe => BpfOp.Or, TokenKind.Amp => BpfOp.And, TokenKind.Shl => BpfOp.Lsh, TokenKind.Shr => BpfOp.Rsh,
        TokenKind.Plus => BpfOp.Add, TokenKind.Minus => BpfOp.Sub, TokenKind.Star => BpfOp.Mul,
        TokenKind.Slash => BpfOp.Div, TokenKind.Percent => BpfOp.Mod, _ => BpfOp.Xor,
    };

    private Arith ParseArith(int minPrecedence)
    {
        Arith left = ParseUnary();
        while (true)
        {
            Token op = Peek;
            int precedence = Precedence(op.Kind);
            if (precedence == 0 || precedence < minPrecedence) return left;
            Take();
            Arith right = ParseArith(precedence + 1);
            left = new BinaryArith(AluOp(op.Kind), left, right, op.Column);
        }
    }

    private Arith ParseUnary()
    {
        Enter(Peek);
        try
        {
            return ParseUnaryInner();
        }
        finally
        {
            _depth--;
        }
    }

    private Arith ParseUnaryInner()
    {
        Arith operand;
        if (Peek.Kind == TokenKind.Minus)
        {
            Token minus = Take();
            operand = new NegateArith(ParseUnary(), minus.Column);
            return operand;
        }
        operand = ParseAtom();
        if (Peek.Kind == TokenKind.Caret)
        {
            // pcap-filter's grammar gives '^' no precedence, so the parser always shifts: the right
            // operand of '^' is everything that follows, and '^' binds before any operator on its left.
            Token caret = Take();
            Arith right = ParseArith(1);
            return new BinaryArith(BpfOp.Xor, operand, right, caret.Column);
        }
        return operand;
    }

    private Arith ParseAtom()
    {
        Token t = Take();
        switch (t.Kind)
        {
            case TokenKind.Number:
                return new NumberArith(ParseNumberToken(t, "a number"), t.Column);
            case TokenKind.LParen:
            {
                Arith inner = ParseArith(1);
                if (Peek.Kind != TokenKind.RParen) throw Error($"syntax error: expected ')' but found {Peek}", Peek);
                Take();
                return inner;
            }
            case TokenKind.Word when t.Text == "len":
                return new LengthArith(t.Column);
            case TokenKind.Word when Names.Constants.TryGetValue(t.Text, out uint value):
                return new NumberArith(value, t.Column);
            case TokenKind.Word when Names.ProtoWords.TryGetValue(t.Text, out ProtoQual proto) && Peek.Kind == TokenKind.LBracket:
            {
                Take();
                Arith index = ParseArith(1);
                int size = 1;
                if (Peek.Kind == TokenKind.Colon)
                {
                    Take();
                    Token sizeToken = Take();
                    uint s = ParseNumberToken(sizeToken, "a size (1, 2 or 4)");
                    if (s is not (1 or 2 or 4)) throw Error("data size must be 1, 2, or 4", sizeToken);
                    size = (int)s;
                }
                if (Peek.Kind != TokenKind.RBracket) throw Error($"syntax error: expected ']' but found {Peek}", Peek);
                Take();
                return new LoadArith(proto, index, size, t.Column);
            }
            default:
                throw Error($"syntax error: expected a number, 'len' or proto[offset] but found {t}", t);
        }
    }
}
