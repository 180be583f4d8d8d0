namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>A check that found nothing wrong, with the figures it looked at.</summary>
/// <param name="Id">The finding kind it would have reported.</param>
/// <param name="Title">What was checked.</param>
/// <param name="Evidence">The figures, by field name.</param>
public sealed record PassedCheck(string Id, string Title, IReadOnlyDictionary<string, object?> Evidence);
