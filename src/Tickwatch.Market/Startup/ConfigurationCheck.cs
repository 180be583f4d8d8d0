using Tickwatch.Core.Prices;
using Tickwatch.Hosting;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Health;
using Tickwatch.Storage.Health;

namespace Tickwatch.Market.Startup;

/// <summary>
/// "✅ Environment variables: OK (…)": the configuration, environment variables included, was validated
/// when the service was built (it does not get this far otherwise); this line says what it amounts to.
/// </summary>
public sealed class ConfigurationCheck(FeedListenerSet feeds, PriceBook book, StoreProber store) : IPrerequisiteCheck
{
    public string Name => "Environment variables";

    public bool IsCritical => true;

    public Task<PrerequisiteResult> CheckAsync(CancellationToken cancellationToken)
    {
        var variables = Environment.GetEnvironmentVariables().Keys
            .Cast<object>()
            .Count(k => k is string name && name.StartsWith(TickwatchEnvironment.Prefix, StringComparison.Ordinal));
        var storeKind = store.Kind == StoreKind.InMemory ? "in-memory store" : "Redis cluster";
        return Task.FromResult(PrerequisiteResult.Ok(
            $"configuration validated: {feeds.Listeners.Count} feeds, {book.Symbols.Count} symbols, {storeKind}, {variables} {TickwatchEnvironment.Prefix} variables"));
    }
}
