using Tickwatch.Core.Prices;

namespace Tickwatch.Trading.Triggers;

/// <summary>One item of the trigger service's ready queue: a symbol's slot with a quote waiting, or (no slot) a re-check of the symbol with its last quote.</summary>
/// <param name="Slot">The slot to take a quote from, or null for a re-check.</param>
/// <param name="Symbol">The symbol.</param>
internal readonly record struct TriggerWork(CoalescingQuoteSlot? Slot, string Symbol);
