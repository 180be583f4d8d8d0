namespace Tickwatch.Trading.Forensics;

/// <summary>A market fill that differed from the price its client sent by more than the threshold, with where to read why.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Account">Its account, <c>live:42</c>.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="At">When it filled.</param>
/// <param name="ExecutedPrice">The fill price.</param>
/// <param name="SeenPrice">The price the client sent.</param>
/// <param name="DifferencePips">How much worse for the client, in pips.</param>
/// <param name="Forensics">The route that explains it.</param>
public sealed record ViewMismatch(string OrderId, string Account, string Symbol, DateTimeOffset At, decimal ExecutedPrice, decimal SeenPrice, decimal DifferencePips, string Forensics);
