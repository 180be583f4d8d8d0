using System.Globalization;
using System.Text.Json;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;

namespace Tickwatch.Trading.Seed;

/// <summary>
/// Groups and demo accounts to start with, read from a seed file (the embedded <c>trading-seed.json</c> unless
/// <c>Trading:SeedFile</c> names another): what lets <c>tickwatch up</c> trade at once. Every problem of the file is
/// reported together, naming where it is.
/// </summary>
public sealed record TradingSeed(IReadOnlyList<GroupSymbolTerms> Terms, IReadOnlyList<TradingAccount> Accounts)
{
    public const string EmbeddedName = "trading-seed.json";

    /// <summary>
    /// Accounts marked <c>"development_only": true</c>: put only when <c>Trading:SeedDevelopmentAccounts</c> is on (as
    /// <c>tickwatch up</c> sets it beside its own execution gateway). The one kind of seed account that may be
    /// <c>live:</c>, because a demo account never reaches the provider; never created by a production start.
    /// </summary>
    public IReadOnlyList<TradingAccount> DevelopmentAccounts { get; init; } = [];

    /// <summary>The seed compiled into the library.</summary>
    public static TradingSeed Embedded()
    {
        using var stream = typeof(TradingSeed).Assembly.GetManifestResourceStream(typeof(TradingSeed).Namespace + "." + EmbeddedName)
            ?? throw new InvalidOperationException($"The embedded {EmbeddedName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), EmbeddedName);
    }

    /// <summary>Reads a seed; throws <see cref="FormatException"/> listing every problem, each with its place in <paramref name="origin"/>.</summary>
    public static TradingSeed Parse(string json, string origin)
    {
        var errors = new List<string>();
        var terms = new List<GroupSymbolTerms>();
        var accounts = new List<TradingAccount>();
        var development = new List<TradingAccount>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{origin} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            foreach (var (group, g) in Items(root, "groups", errors))
            {
                var name = Text(group, "name", $"groups[{g}]", errors);
                foreach (var (symbol, s) in Items(group, "symbols", errors))
                {
                    var at = $"groups[{g}].symbols[{s}]";
                    var kindText = Text(symbol, "type", at, errors);
                    if (!Enum.TryParse<InstrumentKind>(kindText, ignoreCase: true, out var kind))
                    {
                        errors.Add($"{at}.type: '{kindText}' is not one of {string.Join(", ", Enum.GetNames<InstrumentKind>())}.");
                    }

                    terms.Add(new GroupSymbolTerms
                    {
                        Group = name,
                        Symbol = Text(symbol, "symbol", at, errors),
                        Spread = Number(symbol, "spread", at, errors, minimum: 0m),
                        SpreadPip = Number(symbol, "spread_pip", at, errors, minimum: 0m),
                        ContractSize = Number(symbol, "contract_size", at, errors, minimum: 0m, exclusive: true),
                        ProfitCurrency = Text(symbol, "profit", at, errors),
                        InstrumentType = kind,
                        CryptoMarginFactor = Number(symbol, "crypto_margin_factor", at, errors, fallback: 1m, minimum: 0m, exclusive: true),
                        CommissionPerLot = Number(symbol, "commission", at, errors, fallback: 0m, minimum: 0m),
                        SwapLong = Number(symbol, "swap_long", at, errors, fallback: 0m),
                        SwapShort = Number(symbol, "swap_short", at, errors, fallback: 0m),
                    });
                }
            }

            foreach (var (account, a) in Items(root, "accounts", errors))
            {
                var at = $"accounts[{a}]";
                var idText = Text(account, "id", at, errors);
                var developmentOnly = account.TryGetProperty("development_only", out var only) && only.ValueKind == JsonValueKind.True;
                var route = ExecutionRoute.Local;
                if (account.TryGetProperty("sending_orders", out var sending) && (sending.ValueKind != JsonValueKind.String || !TradingWire.TryParseRoute(sending.GetString(), out route)))
                {
                    errors.Add($"{at}.sending_orders: '{sending}' is not local or provider.");
                }

                if (!AccountId.TryParse(idText, out var id))
                {
                    errors.Add($"{at}.id: '{idText}' is not an account id such as demo:1.");
                }
                else if (id.Type != UserType.Demo && !(developmentOnly && route == ExecutionRoute.Provider))
                {
                    errors.Add($"{at}.id: a seed creates demo accounts only (or development_only provider-routed ones), not {idText}.");
                }

                var group = Text(account, "group", at, errors);
                if (terms.All(t => t.Group != group))
                {
                    errors.Add($"{at}.group: '{group}' is not a group of the seed.");
                }

                (developmentOnly ? development : accounts).Add(new TradingAccount
                {
                    Id = id,
                    Route = route,
                    WalletBalance = Number(account, "wallet_balance", at, errors, minimum: 0m),
                    Leverage = Number(account, "leverage", at, errors, minimum: 0m, exclusive: true),
                    Group = group,
                    Email = account.TryGetProperty("email", out var email) ? email.GetString() : null,
                });
            }
        }

        foreach (var duplicate in terms.GroupBy(t => (t.Group, t.Symbol)).Where(d => d.Count() > 1))
        {
            errors.Add($"groups: {duplicate.Key.Symbol} is listed {duplicate.Count()} times in group {duplicate.Key.Group}.");
        }

        return errors.Count > 0
            ? throw new FormatException($"{origin} has {errors.Count} problem(s): " + string.Join(" ", errors))
            : new TradingSeed(terms, accounts) { DevelopmentAccounts = development };
    }

    private static IEnumerable<(JsonElement Item, int Index)> Items(JsonElement parent, string name, List<string> errors)
    {
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{name}: a list is required.");
            return [];
        }

        return array.EnumerateArray().Select((item, index) => (item, index));
    }

    private static string Text(JsonElement item, string name, string at, List<string> errors)
    {
        if (item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        errors.Add($"{at}.{name}: a non-empty string is required.");
        return string.Empty;
    }

    // Numbers may be JSON numbers or strings; both are read as decimals, never through double.
    private static decimal Number(JsonElement item, string name, string at, List<string> errors, decimal? fallback = null, decimal? minimum = null, bool exclusive = false)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            if (fallback is { } given)
            {
                return given;
            }

            errors.Add($"{at}.{name}: a number is required.");
            return 0m;
        }

        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out var number) => number,
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
            _ => (decimal?)null,
        };
        if (parsed is not { } result)
        {
            errors.Add($"{at}.{name}: '{value}' is not a decimal number.");
            return 0m;
        }

        if (minimum is { } floor && (result < floor || (exclusive && result == floor)))
        {
            errors.Add($"{at}.{name}: {result} must be {(exclusive ? "above" : "at least")} {floor}.");
        }

        return result;
    }
}
