namespace Tickwatch.Core.Prices;

/// <summary>Outcome of <c>PriceBook.Apply</c>, with the new quote when one was accepted.</summary>
public readonly record struct PriceApplyResult(PriceApplyOutcome Outcome, QuoteRejection Rejection, Quote? Quote, IncompleteReason Incompletion = IncompleteReason.None)
{
    public static PriceApplyResult Of(PriceApplyOutcome outcome) => new(outcome, QuoteRejection.None, null);

    public static PriceApplyResult Refused(QuoteRejection reason) => new(PriceApplyOutcome.Rejected, reason, null);

    public static PriceApplyResult Incomplete(IncompleteReason reason) => new(PriceApplyOutcome.Incomplete, QuoteRejection.None, null, reason);

    public static PriceApplyResult Accept(Quote quote) => new(PriceApplyOutcome.Accepted, QuoteRejection.None, quote);

    public bool IsAccepted => Outcome == PriceApplyOutcome.Accepted;
}
