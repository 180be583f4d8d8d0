using Microsoft.Extensions.Logging;

namespace Tickwatch.Storage.Prices;

/// <summary>The warm-up's log lines in the store's range, source-generated with stable event ids (3020–3021).</summary>
internal static partial class PriceWarmupLog
{
    [LoggerMessage(EventId = 3020, EventName = "OldPriceKeysMoved", Level = LogLevel.Information,
        Message = "Old price keys ({OldForm}): {Found} found, {Moved} moved to {NewForm}, {KeptCurrent} already current there, {Deleted} old keys gone, {LeftCount} left ({Left})")]
    public static partial void OldKeysMoved(ILogger logger, string oldForm, string newForm, int found, int moved, int keptCurrent, int deleted, int leftCount, string left);

    [LoggerMessage(EventId = 3021, EventName = "OldPriceKeysFailed", Level = LogLevel.Warning,
        Message = "Moving old price keys ({OldForm}) failed, tried again at the next warm-up: {Reason}")]
    public static partial void OldKeysFailed(ILogger logger, string oldForm, string reason);
}
