using System.Text.Json;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Store.Redis;

namespace Tickwatch.Trading.Store;

/// <summary>
/// The outbox events of an account's creation or change: <c>account_changed</c> with its configuration (the config
/// hash's fields), then <c>balance_changed</c> when its balance moved (a deposit up, a withdrawal down). Both stores
/// append them in the same atomic step as the change, so the ledger's balance is the sum of what happened.
/// </summary>
public static class AccountEvents
{
    public const string AccountChanged = "account_changed";

    public const string BalanceChanged = "balance_changed";

    /// <param name="account">The account as put.</param>
    /// <param name="balanceBefore">Its balance before the put; 0 for a new account.</param>
    /// <param name="at">The time of the change.</param>
    public static IReadOnlyList<TradingEvent> OfPut(TradingAccount account, decimal balanceBefore, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(account);
        var change = account.WalletBalance - balanceBefore;
        var configuration = new TradingEvent(AccountChanged, null, LedgerJson.Json(json =>
        {
            json.WriteStartObject();
            foreach (var (name, value) in TradingHashFields.Of(account))
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        }), at);
        if (change == 0m)
        {
            return [configuration];
        }

        var kind = change > 0m ? BalanceOperationKind.Deposit : BalanceOperationKind.Withdrawal;
        return [configuration, new TradingEvent(BalanceChanged, null, LedgerJson.Json(json => WriteBalance(json, new BalanceChange(kind, change))), at)];
    }

    /// <summary>The configuration an <c>account_changed</c> payload carries.</summary>
    /// <exception cref="FormatException">A field is missing or not what it should be; the message names it.</exception>
    /// <exception cref="JsonException">The payload is not a JSON object of strings.</exception>
    public static TradingAccount ReadAccount(AccountId id, JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the account payload is not a JSON object.");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in payload.EnumerateObject())
        {
            fields[field.Name] = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : throw new FormatException($"{field.Name}: not a string.");
        }

        return TradingHashFields.AccountOf(id, fields, out _);
    }

    /// <summary>The change a <c>balance_changed</c> payload carries.</summary>
    /// <exception cref="FormatException">The kind or amount is missing or unknown.</exception>
    public static BalanceChange ReadBalance(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("kind", out var kindElement)
            || !LedgerWire.TryParseOperation(kindElement.ValueKind == JsonValueKind.String ? kindElement.GetString() : null, out var kind))
        {
            throw new FormatException("the balance payload has no known kind.");
        }

        if (!payload.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Number || !amount.TryGetDecimal(out var value))
        {
            throw new FormatException("the balance payload has no decimal amount.");
        }

        var comment = payload.TryGetProperty("comment", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
        return new BalanceChange(kind, value, comment);
    }

    private static void WriteBalance(Utf8JsonWriter json, BalanceChange change)
    {
        json.WriteStartObject();
        json.WriteString("kind", LedgerWire.Of(change.Kind));
        json.WriteNumber("amount", change.Amount);
        if (change.Comment is { } comment)
        {
            json.WriteString("comment", comment);
        }

        json.WriteEndObject();
    }
}
