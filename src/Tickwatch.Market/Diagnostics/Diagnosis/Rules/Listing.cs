namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Lists the first few items of a long list in a finding's text, and says when there are more.</summary>
internal static class Listing
{
    /// <summary>How many symbols a finding's text names before "…".</summary>
    public const int Shown = 10;

    public static string Of(IEnumerable<string> items)
    {
        var list = items.Take(Shown + 1).ToList();
        return string.Join(", ", list.Take(Shown)) + (list.Count > Shown ? ", …" : "");
    }
}
