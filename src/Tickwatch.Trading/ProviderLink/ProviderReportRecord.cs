namespace Tickwatch.Trading.ProviderLink;

/// <summary>One report received, as <c>/api/debug/provider</c> lists the last ones.</summary>
/// <param name="At">When it was received.</param>
/// <param name="ReportId">The gateway's <c>report_id</c>.</param>
/// <param name="ClientOrderId">The request it answers.</param>
/// <param name="OrderId">The order.</param>
/// <param name="Account">The account, <c>live:42</c>.</param>
/// <param name="Status">EXECUTED, PENDING, REJECTED, CANCELLED or MODIFY.</param>
/// <param name="Price">The fill price (EXECUTED) or resting price.</param>
/// <param name="Quantity">The filled quantity.</param>
/// <param name="Reason">A rejection's reason.</param>
/// <param name="Outcome">applied, duplicate or ignored.</param>
/// <param name="Detail">Why it was ignored.</param>
public sealed record ProviderReportRecord(
    DateTimeOffset At, string ReportId, string ClientOrderId, string OrderId, string Account, string Status, decimal? Price, decimal Quantity, string? Reason, string Outcome, string? Detail);
