using System.Globalization;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// Where a page of an account's ledger ended: the event of its last row (and the row's place within the event); the
/// next page starts after it. Its text <c>17.0.1</c> (revision, index, row) is the paging cursor clients send back.
/// </summary>
/// <param name="Revision">The last row's event revision.</param>
/// <param name="Index">The last row's event index within its revision.</param>
/// <param name="Row">The last row's place among its event's rows (deals: a fill and a close of one event); 0 otherwise.</param>
public readonly record struct LedgerCursor(long Revision, int Index, int Row)
{
    /// <summary>Before every row: what a first page starts after.</summary>
    public static LedgerCursor Start { get; } = new(-1, -1, -1);

    /// <summary><c>revision.index.row</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Revision}.{Index}.{Row}");

    /// <summary>Reads <see cref="ToString"/>'s form; false for anything else (three non-negative whole numbers only).</summary>
    public static bool TryParse(string? text, out LedgerCursor cursor)
    {
        cursor = default;
        var parts = (text ?? string.Empty).Split('.');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var row))
        {
            return false;
        }

        cursor = new LedgerCursor(revision, index, row);
        return true;
    }
}
