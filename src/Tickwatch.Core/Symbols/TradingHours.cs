using System.Globalization;

namespace Tickwatch.Core.Symbols;

/// <summary>
/// When a symbol trades: weekly sessions in UTC, e.g. <c>Sun 22:00-Fri 22:00</c> for spot FX, or <c>always</c>.
/// Outside them its price is <c>closed</c>: shown, never acted on, and never reported stale (the market is shut, the
/// feed is not failing).
/// </summary>
/// <remarks>
/// Text form: <c>always</c>, or sessions separated by commas, each <c>Ddd HH:mm-Ddd HH:mm</c> (days <c>Mon</c> to
/// <c>Sun</c>, 24-hour UTC). A session may wrap over the week's end (<c>Fri 22:00-Sun 22:00</c> is the weekend). A
/// session opens at its first instant and closes at its last: <c>Sun 22:00-Fri 22:00</c> is open at Sunday 22:00:00
/// and closed at Friday 22:00:00.
/// </remarks>
public sealed class TradingHours
{
    private const int MinutesPerWeek = 7 * 24 * 60;

    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    private readonly (int Open, int Close)[] _sessions;

    private TradingHours((int Open, int Close)[] sessions)
    {
        _sessions = sessions;
    }

    /// <summary>Open around the clock (crypto; the simulated feeds of <c>tickwatch up</c>).</summary>
    public static TradingHours Always { get; } = new([]);

    public bool IsAlways => _sessions.Length == 0;

    /// <summary>True when the symbol trades at <paramref name="at"/>.</summary>
    public bool IsOpen(DateTimeOffset at)
    {
        if (IsAlways)
        {
            return true;
        }

        var utc = at.UtcDateTime;
        var minute = ((int)utc.DayOfWeek * 24 * 60) + (utc.Hour * 60) + utc.Minute;
        foreach (var (open, close) in _sessions)
        {
            if (open < close ? minute >= open && minute < close : minute >= open || minute < close)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the text form (see remarks); <paramref name="error"/> says what is wrong when it cannot.</summary>
    public static bool TryParse(string? text, out TradingHours hours, out string? error)
    {
        hours = Always;
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("always", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var sessions = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || !TryParseInstant(ends[0], out var open) || !TryParseInstant(ends[1], out var close))
            {
                error = $"'{part}' is not a session like 'Sun 22:00-Fri 22:00' (days Mon to Sun, 24-hour UTC)";
                return false;
            }

            if (open == close)
            {
                error = $"'{part}' opens and closes at the same time";
                return false;
            }

            sessions.Add((open, close));
        }

        hours = new TradingHours([.. sessions]);
        return true;
    }

    /// <summary>The canonical text form, e.g. <c>Sun 22:00-Fri 22:00</c>.</summary>
    public override string ToString() => IsAlways
        ? "always"
        : string.Join(", ", _sessions.Select(s => Instant(s.Open) + "-" + Instant(s.Close)));

    private static bool TryParseInstant(string text, out int minuteOfWeek)
    {
        minuteOfWeek = 0;
        var pieces = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (pieces.Length != 2)
        {
            return false;
        }

        var day = Array.FindIndex(DayNames, d => d.Equals(pieces[0], StringComparison.OrdinalIgnoreCase));
        if (day < 0 || !TimeOnly.TryParseExact(pieces[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return false;
        }

        minuteOfWeek = ((day * 24 * 60) + (time.Hour * 60) + time.Minute) % MinutesPerWeek;
        return true;
    }

    private static string Instant(int minuteOfWeek) =>
        string.Create(CultureInfo.InvariantCulture, $"{DayNames[minuteOfWeek / (24 * 60)]} {minuteOfWeek / 60 % 24:00}:{minuteOfWeek % 60:00}");
}
