using System.Text.Json;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// Reads the oldest entries of an account's outbox into <see cref="LedgerEvent"/>s: each under its
/// <see cref="LedgerEventId"/> (the entry's revision and its place among that commit's entries), its payload read by
/// kind (<see cref="OrderJson"/> for an order, <see cref="AccountEvents"/> for an account or a balance change,
/// <see cref="AutoCutoffDecisionJson"/> for an AutoCutoff decision).
/// </summary>
/// <remarks>
/// Only whole commits are taken: the writer trims the outbox after the last of them, so the next read starts at the
/// first entry of a commit and numbers it 0. An entry that cannot be read or recorded stops the reading there (the
/// commit it may belong to is left whole behind it): a poison entry holds its account, never skipped.
/// </remarks>
public static class LedgerOutboxReader
{
    /// <summary>Characters of a poison entry kept for operators.</summary>
    public const int EntryShown = 500;

    /// <param name="account">The account whose outbox it is.</param>
    /// <param name="entries">Its oldest entries, oldest first.</param>
    /// <param name="complete">True when these are all its entries (the last one ends a commit).</param>
    /// <param name="now">When the reading is made, the time of a poison entry first met.</param>
    public static LedgerOutboxReading Read(AccountId account, IReadOnlyList<string> entries, bool complete, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var events = new List<LedgerEvent>(entries.Count);
        var times = new DateTimeOffset?[entries.Count];
        LedgerPoisonEntry? poison = null;
        long previous = 0;
        var index = -1;
        var commitStart = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var text = entries[i];
            if (!OutboxEntry.TryRead(text, out var revision, out var tradingEvent, out var problem))
            {
                poison = Poison(account, null, text, problem, now);
                break;
            }

            times[i] = tradingEvent.At;
            if (revision < previous)
            {
                poison = Poison(account, revision, text, $"revision {revision} comes after revision {previous}", now);
                break;
            }

            if (revision != previous)
            {
                (previous, index, commitStart) = (revision, 0, events.Count);
            }
            else
            {
                index++;
            }

            var id = new LedgerEventId(account, revision, index);
            if (Convert(id, tradingEvent, out problem) is not { } ledgerEvent)
            {
                poison = Poison(account, revision, text, problem!, now);
                break;
            }

            events.Add(ledgerEvent);
        }

        // The commit of the last entries may go on past the page (or hold the poison entry): it waits whole.
        var needsMore = poison is null && !complete && commitStart == 0 && events.Count > 0;
        if (poison is not null || !complete)
        {
            events.RemoveRange(commitStart, events.Count - commitStart);
        }

        return new LedgerOutboxReading(events, times, poison, needsMore);
    }

    /// <summary>The ledger event of one outbox event, or null with the reason it cannot be recorded.</summary>
    public static LedgerEvent? Convert(LedgerEventId id, TradingEvent tradingEvent, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(tradingEvent);
        try
        {
            using var document = JsonDocument.Parse(tradingEvent.Payload);
            var payload = document.RootElement;
            LedgerEvent? ledgerEvent = tradingEvent.Kind switch
            {
                AccountEvents.AccountChanged => LedgerEvent.OfAccount(id, tradingEvent.At, AccountEvents.ReadAccount(id.Account, payload)),
                AccountEvents.BalanceChanged => LedgerEvent.OfBalance(id, tradingEvent.At, AccountEvents.ReadBalance(payload)),
                AutoCutoffDecisionJson.Kind => LedgerEvent.OfAutoCutoff(id, tradingEvent.At, AutoCutoffDecisionJson.Read(payload)),
                _ when tradingEvent.Kind.StartsWith("order_", StringComparison.Ordinal) => LedgerEvent.OfOrder(id, tradingEvent.Kind, tradingEvent.At, OrderJson.Read(payload)),
                _ => null,
            };
            if (ledgerEvent is null)
            {
                problem = $"event {id}: the kind '{tradingEvent.Kind}' is not one the ledger records";
                return null;
            }

            if (ledgerEvent.Order is { } order && tradingEvent.OrderId is { } orderId && !string.Equals(order.Id, orderId, StringComparison.Ordinal))
            {
                problem = $"event {id} names order '{orderId}' but carries order '{order.Id}'";
                return null;
            }

            problem = ledgerEvent.Problem();
            return problem is null ? ledgerEvent : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            problem = $"event {id} ({tradingEvent.Kind}): the payload cannot be read: {ex.Message}";
            return null;
        }
    }

    private static LedgerPoisonEntry Poison(AccountId account, long? revision, string text, string problem, DateTimeOffset now) =>
        new(account, revision, text.Length <= EntryShown ? text : text[..EntryShown], problem, now);
}
