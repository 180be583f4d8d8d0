using System.Globalization;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Prices;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Store.Redis;

/// <summary>
/// The fields of the trading hashes, as the reference names them where it has them: an account's
/// <c>user:{live:42}:config</c>, an order's <c>user_holdings:{live:42}:ORDER_ID</c>, a group's <c>groups:{Standard}:EURUSD</c>.
/// </summary>
/// <remarks>
/// Decimals are written as the invariant text of the value as given (scale kept, never through a double), times as
/// ISO-8601 round-trip text, enums by their wire names (<see cref="TradingWire"/>). An absent optional value has no field.
/// </remarks>
internal static class TradingHashFields
{
    public const string WalletBalance = "wallet_balance";
    public const string Revision = "revision";

    /// <summary>The account's order event sequence: the number of the last order event committed (<c>order_events:{live:42}</c>).</summary>
    public const string OrderSeq = "order_seq";

    private const string Leverage = "leverage";
    private const string Group = "group";
    private const string SendingOrders = "sending_orders";
    private const string Email = "email";
    private const string AutoCutoffLevel = "auto_cutoff_level";
    private const string AutoLiquidationLevel = "auto_liquidation_level";
    private const string Status = "status";
    private const string Currency = "currency";

    /// <summary>The config fields an account may lack, deleted when a change leaves them empty.</summary>
    public static readonly string[] OptionalAccountFields = [Email];

    /// <summary>The config hash of <paramref name="account"/>, without its revision (the store's scripts keep that).</summary>
    public static List<KeyValuePair<string, string>> Of(TradingAccount account)
    {
        var fields = new List<KeyValuePair<string, string>>(9)
        {
            new(WalletBalance, Text(account.WalletBalance)),
            new(Leverage, Text(account.Leverage)),
            new(Group, account.Group),
            new(SendingOrders, TradingWire.Of(account.Route)),
            new(AutoCutoffLevel, Text(account.AutoCutoffLevel)),
            new(AutoLiquidationLevel, Text(account.AutoLiquidationLevel)),
            new(Status, TradingWire.Of(account.Status)),
            new(Currency, account.Currency),
        };
        Optional(fields, Email, account.Email);
        return fields;
    }

    /// <summary>An account from its config hash; its revision (0 when the hash has none: written by the reference).</summary>
    /// <exception cref="FormatException">A field is missing or not what it should be; the message names it.</exception>
    public static TradingAccount AccountOf(AccountId id, IReadOnlyDictionary<string, string> hash, out long revision)
    {
        revision = hash.TryGetValue(Revision, out var text) ? Long(Revision, text) : 0;
        return new TradingAccount
        {
            Id = id,
            WalletBalance = Decimal(hash, WalletBalance),
            Leverage = Decimal(hash, Leverage),
            Group = Required(hash, Group),
            Route = hash.TryGetValue(SendingOrders, out var route) ? Parse<ExecutionRoute>(SendingOrders, route, TradingWire.TryParseRoute) : ExecutionRoute.Local,
            Email = hash.GetValueOrDefault(Email),
            AutoCutoffLevel = OptionalDecimal(hash, AutoCutoffLevel) ?? 50m,
            AutoLiquidationLevel = OptionalDecimal(hash, AutoLiquidationLevel) ?? 10m,
            Status = hash.TryGetValue(Status, out var status) ? Parse<AccountStatus>(Status, status, TradingWire.TryParseAccountStatus) : AccountStatus.Active,
            Currency = hash.GetValueOrDefault(Currency) ?? "USD",
        };
    }

    /// <summary>The holdings hash of <paramref name="order"/>; the quote lineages as <c>open_quote_*</c> and <c>close_quote_*</c>.</summary>
    public static List<KeyValuePair<string, string>> Of(Order order)
    {
        var fields = new List<KeyValuePair<string, string>>(44)
        {
            new("order_id", order.Id),
            new("account", order.Account.ToString()),
            new("symbol", order.Symbol),
            new("type", TradingWire.Of(order.Type)),
            new("side", TradingWire.Of(order.Side)),
            new("status", TradingWire.Of(order.Status)),
            new("volume", Text(order.Volume)),
            new("group", order.Group),
            new("route", TradingWire.Of(order.Route)),
            new("created_at", Text(order.CreatedAt)),
            new("commission", Text(order.Commission)),
            new("swap", Text(order.Swap)),
            new("realised_profit", Text(order.RealisedProfit)),
        };
        Optional(fields, "pending_price", order.PendingPrice);
        Optional(fields, "working_volume", order.WorkingVolume);
        Optional(fields, "open_price", order.OpenPrice);
        Optional(fields, "opened_at", order.OpenedAt);
        Optional(fields, "stop_loss", order.StopLoss);
        Optional(fields, "take_profit", order.TakeProfit);
        Optional(fields, "close_price", order.ClosePrice);
        Optional(fields, "closed_at", order.ClosedAt);
        Optional(fields, "close_reason", order.CloseReason);
        Optional(fields, "provider_request", order.ProviderRequest?.Write());
        Lineage(fields, "open_quote_", order.OpenQuote);
        Lineage(fields, "close_quote_", order.CloseQuote);
        if (order.ClientQuote is { } client)
        {
            Optional(fields, "client_seen_price", client.SeenPrice);
            Optional(fields, "client_max_deviation", client.MaxDeviation);
            if (client.SeenSequence is { } sequence)
            {
                fields.Add(new("client_seen_sequence", sequence.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return fields;
    }

    /// <summary>An order from its holdings hash; <paramref name="account"/> is the key's account.</summary>
    /// <exception cref="FormatException">A field is missing or not what it should be; the message names it.</exception>
    public static Order OrderOf(AccountId account, IReadOnlyDictionary<string, string> hash) => new()
    {
        Id = Required(hash, "order_id"),
        Account = account,
        Symbol = Required(hash, "symbol"),
        Type = Parse<OrderType>("type", Required(hash, "type"), TradingWire.TryParseOrderType),
        Status = Parse<OrderStatus>("status", Required(hash, "status"), TradingWire.TryParseOrderStatus),
        Volume = Decimal(hash, "volume"),
        Group = Required(hash, "group"),
        Route = Parse<ExecutionRoute>("route", Required(hash, "route"), TradingWire.TryParseRoute),
        CreatedAt = Time(hash, "created_at") ?? throw Missing("created_at"),
        PendingPrice = OptionalDecimal(hash, "pending_price"),
        WorkingVolume = OptionalDecimal(hash, "working_volume"),
        OpenPrice = OptionalDecimal(hash, "open_price"),
        OpenedAt = Time(hash, "opened_at"),
        StopLoss = OptionalDecimal(hash, "stop_loss"),
        TakeProfit = OptionalDecimal(hash, "take_profit"),
        Commission = OptionalDecimal(hash, "commission") ?? 0m,
        Swap = OptionalDecimal(hash, "swap") ?? 0m,
        RealisedProfit = OptionalDecimal(hash, "realised_profit") ?? 0m,
        ClosePrice = OptionalDecimal(hash, "close_price"),
        ClosedAt = Time(hash, "closed_at"),
        CloseReason = hash.GetValueOrDefault("close_reason"),
        OpenQuote = LineageOf(hash, "open_quote_"),
        CloseQuote = LineageOf(hash, "close_quote_"),
        ClientQuote = ClientQuoteOf(hash),
        ProviderRequest = hash.GetValueOrDefault("provider_request") is { } request ? OutstandingRequest.Parse(request) : null,
    };

    /// <summary>The <c>groups:{GROUP}:SYMBOL</c> hash of <paramref name="terms"/>: the reference's fields, then Tickwatch's commission, swaps and volume bounds.</summary>
    public static List<KeyValuePair<string, string>> Of(GroupSymbolTerms terms) =>
    [
        new("spread", Text(terms.Spread)),
        new("spread_pip", Text(terms.SpreadPip)),
        new("contract_size", Text(terms.ContractSize)),
        new("profit", terms.ProfitCurrency),
        new("type", terms.InstrumentType.ToString().ToLowerInvariant()),
        new("crypto_margin_factor", Text(terms.CryptoMarginFactor)),
        new("commission", Text(terms.CommissionPerLot)),
        new("swap_long", Text(terms.SwapLong)),
        new("swap_short", Text(terms.SwapShort)),
        new("min_volume", Text(terms.MinVolume)),
        new("max_volume", Text(terms.MaxVolume)),
        new("volume_step", Text(terms.VolumeStep)),
    ];

    /// <summary>A group's terms for one symbol from its hash; the defaults of <see cref="GroupSymbolTerms"/> for fields the reference does not have.</summary>
    /// <exception cref="FormatException">A field is missing or not what it should be; the message names it.</exception>
    public static GroupSymbolTerms TermsOf(string group, string symbol, IReadOnlyDictionary<string, string> hash)
    {
        var defaults = new GroupSymbolTerms { Group = group, Symbol = symbol, Spread = 0m, SpreadPip = 0m, ContractSize = 0m, ProfitCurrency = "", InstrumentType = default };
        var kind = Required(hash, "type");
        return new GroupSymbolTerms
        {
            Group = group,
            Symbol = symbol,
            Spread = Decimal(hash, "spread"),
            SpreadPip = Decimal(hash, "spread_pip"),
            ContractSize = Decimal(hash, "contract_size"),
            ProfitCurrency = Required(hash, "profit"),
            InstrumentType = Enum.TryParse<InstrumentKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new FormatException($"type: '{kind}' is not one of {string.Join(", ", Enum.GetNames<InstrumentKind>())}."),
            CryptoMarginFactor = OptionalDecimal(hash, "crypto_margin_factor") ?? defaults.CryptoMarginFactor,
            CommissionPerLot = OptionalDecimal(hash, "commission") ?? defaults.CommissionPerLot,
            SwapLong = OptionalDecimal(hash, "swap_long") ?? defaults.SwapLong,
            SwapShort = OptionalDecimal(hash, "swap_short") ?? defaults.SwapShort,
            MinVolume = OptionalDecimal(hash, "min_volume") ?? defaults.MinVolume,
            MaxVolume = OptionalDecimal(hash, "max_volume") ?? defaults.MaxVolume,
            VolumeStep = OptionalDecimal(hash, "volume_step") ?? defaults.VolumeStep,
        };
    }

    /// <summary>The exact invariant text of a decimal, its scale kept (<c>10000.00</c>): the prices' one rule, <see cref="ExactDecimal"/>.</summary>
    public static string Text(decimal value) => ExactDecimal.Format(value);

    /// <summary>A decimal from its stored text, exactly (<see cref="ExactDecimal"/>).</summary>
    /// <exception cref="FormatException">The text is no decimal; the message names the field.</exception>
    public static decimal DecimalOf(string field, string text) =>
        ExactDecimal.TryParse(text, out var value) ? value : throw new FormatException($"{field}: '{text}' is not a decimal.");

    private static string Text(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static void Optional(List<KeyValuePair<string, string>> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields.Add(new(name, value));
        }
    }

    private static void Optional(List<KeyValuePair<string, string>> fields, string name, decimal? value)
    {
        if (value is { } number)
        {
            fields.Add(new(name, Text(number)));
        }
    }

    private static void Optional(List<KeyValuePair<string, string>> fields, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            fields.Add(new(name, Text(time)));
        }
    }

    private static void Lineage(List<KeyValuePair<string, string>> fields, string prefix, QuoteLineage? lineage)
    {
        if (lineage is null)
        {
            return;
        }

        fields.Add(new(prefix + "bid", Text(lineage.Bid)));
        fields.Add(new(prefix + "ask", Text(lineage.Ask)));
        fields.Add(new(prefix + "book_sequence", lineage.BookSequence.ToString(CultureInfo.InvariantCulture)));
        fields.Add(new(prefix + "feed", lineage.Feed));
        Optional(fields, prefix + "source_time", lineage.SourceTime);
        fields.Add(new(prefix + "received_at", Text(lineage.ReceivedAt)));
        fields.Add(new(prefix + "age_ms", lineage.AgeMilliseconds.ToString(CultureInfo.InvariantCulture)));
        Optional(fields, prefix + "half_spread", lineage.HalfSpread);
    }

    private static ClientQuote? ClientQuoteOf(IReadOnlyDictionary<string, string> hash)
    {
        var sequence = hash.TryGetValue("client_seen_sequence", out var text) ? Long("client_seen_sequence", text) : (long?)null;
        var quote = new ClientQuote(OptionalDecimal(hash, "client_seen_price"), sequence, OptionalDecimal(hash, "client_max_deviation"));
        return quote is { SeenPrice: null, SeenSequence: null, MaxDeviation: null } ? null : quote;
    }

    private static QuoteLineage? LineageOf(IReadOnlyDictionary<string, string> hash, string prefix) =>
        hash.ContainsKey(prefix + "bid")
            ? new QuoteLineage(
                Decimal(hash, prefix + "bid"),
                Decimal(hash, prefix + "ask"),
                Long(prefix + "book_sequence", Required(hash, prefix + "book_sequence")),
                Required(hash, prefix + "feed"),
                Time(hash, prefix + "source_time"),
                Time(hash, prefix + "received_at") ?? throw Missing(prefix + "received_at"),
                Long(prefix + "age_ms", Required(hash, prefix + "age_ms")),
                OptionalDecimal(hash, prefix + "half_spread"))
            : null;

    private static string Required(IReadOnlyDictionary<string, string> hash, string field) =>
        hash.TryGetValue(field, out var value) ? value : throw Missing(field);

    private static FormatException Missing(string field) => new($"{field}: missing.");

    private static decimal Decimal(IReadOnlyDictionary<string, string> hash, string field) => DecimalOf(field, Required(hash, field));

    private static decimal? OptionalDecimal(IReadOnlyDictionary<string, string> hash, string field) =>
        hash.TryGetValue(field, out var text) ? DecimalOf(field, text) : null;

    private static DateTimeOffset? Time(IReadOnlyDictionary<string, string> hash, string field)
    {
        if (!hash.TryGetValue(field, out var text))
        {
            return null;
        }

        // ISO-8601 as written; unix microseconds as another writer (or an operator) may have put it.
        if (DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
        {
            return time;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            ? DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond)
            : throw new FormatException($"{field}: '{text}' is neither an ISO-8601 time nor unix microseconds.");
    }

    private static long Long(string field, string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"{field}: '{text}' is not an integer.");

    private delegate bool TryParser<T>(ReadOnlySpan<char> text, out T value);

    private static T Parse<T>(string field, string text, TryParser<T> parser) =>
        parser(text, out var value) ? value : throw new FormatException($"{field}: '{text}' is not a known value.");
}
