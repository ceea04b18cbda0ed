namespace SockScope.Wire.Formatting;

/// <summary>How each tcpdump line starts: tcpdump's <c>-t</c> family.</summary>
public enum TimestampStyle
{
    /// <summary>No flag: local time of day, <c>HH:MM:SS.frac</c>.</summary>
    TimeOfDay,
    /// <summary><c>-t</c>: no timestamp.</summary>
    None,
    /// <summary><c>-tt</c>: seconds since the epoch, <c>sec.frac</c>.</summary>
    Epoch,
    /// <summary><c>-ttt</c>: time since the previous packet.</summary>
    DeltaFromPrevious,
    /// <summary><c>-tttt</c>: local date and time, <c>YYYY-MM-DD HH:MM:SS.frac</c>.</summary>
    Date,
    /// <summary><c>-ttttt</c>: time since the first packet.</summary>
    DeltaFromFirst,
}
