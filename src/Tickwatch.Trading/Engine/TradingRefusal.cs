namespace Tickwatch.Trading.Engine;

/// <summary>One refused request, as <c>/api/debug/trading</c> lists it.</summary>
/// <param name="At">When.</param>
/// <param name="Action">place, close, cancel, modify or fill.</param>
/// <param name="Account">The account, <c>live:42</c>.</param>
/// <param name="Subject">The symbol or order it concerned.</param>
/// <param name="Reason">The wire reason, <c>STALE_PRICE</c>.</param>
/// <param name="Detail">The sentence given to the client.</param>
public sealed record TradingRefusal(DateTimeOffset At, string Action, string Account, string Subject, string Reason, string Detail);
