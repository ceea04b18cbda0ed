namespace SockScope.Filter;

/// <summary>
/// An expression the compiler refuses (syntax, unknown name, a qualifier that does not apply, a
/// primitive the link type cannot express). <see cref="Column"/> is 0-based into <see cref="Expression"/>.
/// </summary>
public sealed class FilterSyntaxException(string message, string expression, int column) : Exception(message)
{
    /// <summary>The expression as given.</summary>
    public string Expression { get; } = expression;
    /// <summary>The 0-based column where the problem starts.</summary>
    public int Column { get; } = Math.Clamp(column, 0, Math.Max(0, expression.Length));

    /// <summary>Three lines for a terminal: the message, the expression, a caret under the column.</summary>
    public string Display => $"{Message}\n  {Expression}\n  {new string(' ', Column)}^";
}
