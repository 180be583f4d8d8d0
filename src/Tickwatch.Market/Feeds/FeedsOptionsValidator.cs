using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using Tickwatch.Feeds.Listening;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Market.Feeds;

/// <summary>Checks the configured feeds, reporting every problem at once.</summary>
/// <param name="isBrokerSymbol">Whether the service knows a broker symbol, for the Binance feeds' symbol maps; null takes any.</param>
public sealed class FeedsOptionsValidator(Func<string, bool>? isBrokerSymbol = null) : IValidateOptions<List<FeedOptions>>
{
    /// <summary>The shortest ping interval of a Binance feed when it is on: the venue's own ping period.</summary>
    public static readonly TimeSpan MinBinancePingInterval = TimeSpan.FromSeconds(20);

    private readonly Func<string, bool> _isBrokerSymbol = isBrokerSymbol ?? (static _ => true);

    public ValidateOptionsResult Validate(string? name, List<FeedOptions> options) => OptionsValidation.Result(Errors(options));

    private List<string> Errors(List<FeedOptions> feeds)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        var errors = new List<string>();
        if (feeds.Count == 0)
        {
            errors.Add("Feeds: at least one feed must be configured.");
        }

        for (var i = 0; i < feeds.Count; i++)
        {
            var feed = feeds[i];
            var at = $"Feeds:{i} ({feed.Name})";
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(feed, new ValidationContext(feed), results, validateAllProperties: true))
            {
                errors.AddRange(results.Select(r => $"{at}: {r.ErrorMessage}"));
            }

            if (feed.Url is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("ws" or "wss")))
            {
                errors.Add($"{at}: Url must be an absolute ws:// or wss:// address (was '{url}').");
            }
            else if (feed.Url is { Scheme: "ws" } && !string.IsNullOrWhiteSpace(feed.TrustedCaPath))
            {
                // A CA to trust says the operator expects TLS: listening in clear text instead would betray that silently.
                errors.Add($"{at}: TrustedCaPath is set but Url is plain ws:// ({FeedUrl.Redact(feed.Url, feed.Token)}): use wss://, or remove the CA.");
            }

            if (!feed.IsBinance)
            {
                CheckPositive(errors, at, nameof(feed.PingInterval), feed.PingInterval);
            }
            else if (feed.PingInterval != TimeSpan.Zero && feed.PingInterval < MinBinancePingInterval)
            {
                // The venue pings every 20 s itself and disconnects a client over 5 messages/s, pings and pongs included.
                errors.Add($"{at}: PingInterval of a Binance feed must be 0 (off: the venue pings us every 20 s) or at least {MinBinancePingInterval.TotalSeconds:0} s (was {feed.PingInterval}).");
            }

            CheckPositive(errors, at, nameof(feed.PongTimeout), feed.PongTimeout);
            CheckPositive(errors, at, nameof(feed.NoDataTimeout), feed.NoDataTimeout);
            CheckPositive(errors, at, nameof(feed.ReconnectInitialDelay), feed.ReconnectInitialDelay);
            CheckPositive(errors, at, nameof(feed.ConnectTimeout), feed.ConnectTimeout);
            CheckPositive(errors, at, nameof(feed.StableLogInterval), feed.StableLogInterval);
            if (feed.MaxClockSkew < TimeSpan.Zero || feed.MaxClockSkew > SourceClock.MaxStoredLead)
            {
                // A store takes versions up to MaxStoredLead ahead, so a feed may not accept further: what the book shows the store keeps.
                errors.Add($"{at}: MaxClockSkew must be between 0 and {SourceClock.MaxStoredLead} (was {feed.MaxClockSkew}).");
            }
            if (feed.ReconnectMaxDelay < feed.ReconnectInitialDelay)
            {
                errors.Add($"{at}: ReconnectMaxDelay must not be below ReconnectInitialDelay.");
            }

            if (feed.Protocol == FeedProtocol.BinanceSbe && string.IsNullOrWhiteSpace(feed.ApiKey))
            {
                errors.Add($"{at}: a BinanceSbe feed needs the venue's API key (sent as {FeedListener.ApiKeyHeader}): set it in the environment as TICKWATCH_Feeds__{i}__ApiKey.");
            }
            else if (feed.Protocol != FeedProtocol.BinanceSbe && !string.IsNullOrEmpty(feed.ApiKey))
            {
                // Only the SBE stream asks for it; sending a secret where it is not needed only spreads it.
                errors.Add($"{at}: ApiKey is sent only to a BinanceSbe feed; a {feed.Protocol} feed does not use it, so remove it.");
            }

            // A recording that cannot be written is found now, not at the first frame.
            errors.AddRange(feed.Record.Errors(at));

            if (feed.IsBinance)
            {
                errors.AddRange(BinanceSymbolMap.Validate(feed.Symbols, _isBrokerSymbol, at));
            }
            else if (feed.Symbols.Count > 0)
            {
                // The reference protocols send the broker's own names: a map here would be silently ignored.
                errors.Add($"{at}: Symbols maps venue symbols of a Binance feed; a {feed.Protocol} feed sends the broker's symbols, so remove it.");
            }
        }

        foreach (var name in feeds.GroupBy(f => f.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            errors.Add($"Feeds: the name '{name}' is used by more than one feed.");
        }

        return errors;
    }

    private static void CheckPositive(List<string> errors, string at, string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{at}: {option} must be positive (was {value}).");
        }
    }
}
