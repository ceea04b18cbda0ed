namespace SockScope.Analysis.Statistics;

/// <summary>A `-z` spec the statistics do not understand; the message says what is accepted.</summary>
public sealed class StatisticsSpecException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public StatisticsSpecException(string message) : base(message) { }
}
