using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Orders;

/// <summary>What the engine did with a request: the order as it now stands, or the refusal with its reason and figures.</summary>
public sealed record OrderOutcome
{
    public Order? Order { get; init; }

    public RefusalReason? Refusal { get; init; }

    /// <summary>A sentence for the client and the operator, naming the figures behind a refusal.</summary>
    public string? Detail { get; init; }

    /// <summary>For a refusal on price: the age of the quote, when there was one.</summary>
    public TimeSpan? QuoteAge { get; init; }

    /// <summary>For a requote: the price the order would execute at now.</summary>
    public decimal? ExecutablePrice { get; init; }

    /// <summary>For a refusal on price: the quote refused (or requoted from), when the book held one.</summary>
    public QuoteLineage? Quote { get; init; }

    /// <summary>For a refusal: its id, by which the forensics find it (<c>/api/debug/forensics/refusals/{id}</c>).</summary>
    public string? RefusalId { get; init; }

    /// <summary>True when the idempotency key was seen before and this is the first request's order.</summary>
    public bool Repeated { get; init; }

    /// <summary>An accepted provider request the link could not take now: it stays outstanding and goes with the re-send at the next connect.</summary>
    public bool Unsent { get; init; }

    public bool Accepted => Refusal is null;

    /// <summary>
    /// True when the order now waits on the liquidity provider's answer to a request committed for it (a close of a
    /// provider-routed position): accepted, not done; its report changes the order later.
    /// </summary>
    public bool RequestedAtProvider => Refusal is null && Order?.ProviderRequest is not null;

    public static OrderOutcome Done(Order order, bool repeated = false) => new() { Order = order, Repeated = repeated };

    public static OrderOutcome Refused(RefusalReason reason, string detail, TimeSpan? quoteAge = null, decimal? executablePrice = null, QuoteLineage? quote = null) =>
        new() { Refusal = reason, Detail = detail, QuoteAge = quoteAge, ExecutablePrice = executablePrice, Quote = quote };
}
