namespace Tickwatch.Trading.Forensics;

/// <summary>One verdict that applies, with the sentence and numbers behind it.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Explanation">In words, with the figures.</param>
public sealed record MismatchFinding(MismatchVerdict Verdict, string Explanation);
