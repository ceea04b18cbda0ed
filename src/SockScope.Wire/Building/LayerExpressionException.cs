namespace SockScope.Wire.Building;

/// <summary>A layer expression that cannot be parsed; <see cref="Column"/> (from 1) marks where.</summary>
public sealed class LayerExpressionException(string message, string expression, int column) : FormatException(message)
{
    /// <summary>The whole expression that failed to parse.</summary>
    public string Expression { get; } = expression;
    /// <summary>1-based column of the offending text.</summary>
    public int Column { get; } = column;

    /// <summary>The expression and a caret under the column, for a terminal.</summary>
    public string Caret => Expression + "\n" + new string(' ', Math.Max(0, Column - 1)) + "^";
}
