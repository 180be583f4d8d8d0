using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Checks <see cref="QuoteHubOptions"/> and reports every problem at once.</summary>
public sealed partial class QuoteHubOptionsValidator : IValidateOptions<QuoteHubOptions>
{
    /// <summary>Most synthetic symbols the hub will make.</summary>
    public const int MaxSyntheticSymbols = 100_000;

    /// <summary>Highest total update rate the hub accepts.</summary>
    public const double MaxUpdatesPerSecond = 10_000_000;

    public ValidateOptionsResult Validate(string? name, QuoteHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>All problems with <paramref name="options"/>, each naming its setting; empty when valid.</summary>
    public static List<string> Collect(QuoteHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckListening(options, errors);
        CheckFeeds(options, errors);
        CheckInstruments(options, errors);
        CheckRate(options, errors);
        CheckFraming(options, errors);
        return errors;
    }

    private static void CheckListening(QuoteHubOptions options, List<string> errors)
    {
        if (options.BindAddress != "localhost" && !IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add($"QuoteHub:BindAddress '{options.BindAddress}' is neither an IP address nor 'localhost'.");
        }

        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"QuoteHub:Port {options.Port} is outside 0..65535 (0 picks a free port).");
        }

        if (options.Token is not null && (options.Token.Length == 0 || options.Token.Any(char.IsWhiteSpace)))
        {
            errors.Add("QuoteHub:Token must be non-empty and contain no white space when set.");
        }
        else if (options.Token is null && !IsLoopback(options.BindAddress))
        {
            // Anyone who can reach the port could otherwise stall, spike or freeze every feed.
            errors.Add($"QuoteHub:Token is required when QuoteHub:BindAddress '{options.BindAddress}' is not a loopback address: set TICKWATCH_QuoteHub__Token (and each feed's Feeds:N:Token).");
        }

        if (options.ApiKey is not null && (options.ApiKey.Length == 0 || options.ApiKey.Any(char.IsWhiteSpace)))
        {
            errors.Add("QuoteHub:ApiKey must be non-empty and contain no white space when set.");
        }

        if (options.MaxActiveFaults is < 1 or > 10_000)
        {
            errors.Add($"QuoteHub:MaxActiveFaults {options.MaxActiveFaults} is outside 1..10000.");
        }
    }

    private static void CheckFeeds(QuoteHubOptions options, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var paths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var feeds = options.ResolveFeeds();
        for (var i = 0; i < feeds.Count; i++)
        {
            var feed = feeds[i];
            var where = $"QuoteHub:Feeds:{i}";
            if (feed.Name is null || !FeedName().IsMatch(feed.Name))
            {
                errors.Add($"{where}:Name '{feed.Name}' must be 1-32 lower-case letters, digits, '_' or '-'.");
            }
            else if (!names.Add(feed.Name))
            {
                errors.Add($"{where}:Name '{feed.Name}' is used by another feed.");
            }

            if (!Enum.IsDefined(feed.Protocol))
            {
                errors.Add($"{where}:Protocol '{feed.Protocol}' is not one of {string.Join(", ", Enum.GetNames<FeedProtocol>())}.");
            }
            else if (feed.Protocol is FeedProtocol.BinanceJson or FeedProtocol.BinanceSbe)
            {
                CheckBinanceFeed(options, feed, where, errors);
            }
            else if (feed.Symbols.Count > 0)
            {
                errors.Add($"{where}:Symbols maps venue symbols of a Binance feed; a {feed.Protocol} feed sends the hub's symbols, so remove it.");
            }

            if (feed.Path is null || !feed.Path.StartsWith('/') || feed.Path.Length < 2 || feed.Path.Any(char.IsWhiteSpace))
            {
                errors.Add($"{where}:Path '{feed.Path}' must start with '/' and contain no white space.");
            }
            else if (feed.Path.StartsWith("/control", StringComparison.OrdinalIgnoreCase) || feed.Path.Equals("/health", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{where}:Path '{feed.Path}' collides with the control API.");
            }
            else if (!paths.Add(feed.Path))
            {
                errors.Add($"{where}:Path '{feed.Path}' is used by another feed.");
            }

            if (feed.Replay is { } replay)
            {
                CheckReplay(feed, replay, $"{where}:Replay", errors);
            }
        }
    }

    /// <summary>Whether a replay speed is usable: 0 (as fast as possible) or a positive factor up to <see cref="QuoteHubReplayOptions.MaxSpeed"/>.</summary>
    public static bool IsValidReplaySpeed(double speed) => double.IsFinite(speed) && speed >= 0 && speed <= QuoteHubReplayOptions.MaxSpeed;

    // The file is opened here, at start, so a wrong path or protocol is refused before any client connects.
    private static void CheckReplay(QuoteHubFeedOptions feed, QuoteHubReplayOptions replay, string where, List<string> errors)
    {
        if (!IsValidReplaySpeed(replay.Speed))
        {
            errors.Add($"{where}:Speed {replay.Speed} must be 0 (as fast as possible) or a positive factor up to {QuoteHubReplayOptions.MaxSpeed} (1 is the recorded pace).");
        }

        if (!Enum.IsDefined(replay.Start))
        {
            errors.Add($"{where}:Start '{replay.Start}' is not one of {string.Join(", ", Enum.GetNames<ReplayStart>())}.");
        }

        if (string.IsNullOrWhiteSpace(replay.File))
        {
            errors.Add($"{where}:File is required: the .twrec recording to replay.");
            return;
        }

        try
        {
            var reader = FeedRecordingReader.OpenAsync(replay.File).GetAwaiter().GetResult();
            var recorded = reader.Header.Protocol;
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (!string.Equals(recorded, feed.Protocol.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{where}:File '{replay.File}' was recorded from a {recorded} feed, but feed '{feed.Name}' serves {feed.Protocol}: a replay sends the recorded frames verbatim, so set the feed's Protocol to {recorded}.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or NotSupportedException)
        {
            errors.Add($"{where}:File '{replay.File}' cannot be replayed: {ex.Message}");
        }
    }

    private static void CheckBinanceFeed(QuoteHubOptions options, QuoteHubFeedOptions feed, string where, List<string> errors)
    {
        var served = options.ResolveInstruments().Select(i => i.Symbol).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(BinanceSymbolMap.Validate(feed.Symbols, served.Contains, where));
        if (feed.Path is { Length: > 1 } path && path.EndsWith('/'))
        {
            errors.Add($"{where}:Path '{path}' is the prefix of the venue's /ws/… and /stream paths; leave off the trailing '/'.");
        }

        if (feed.ConnectionLifetime < TimeSpan.FromMilliseconds(100) || feed.ConnectionLifetime > TimeSpan.FromDays(7))
        {
            errors.Add($"{where}:ConnectionLifetime {feed.ConnectionLifetime} is outside 100 ms..7 days (the venue's is 24 h).");
        }

        if (feed.ShutdownNotice < TimeSpan.Zero)
        {
            errors.Add($"{where}:ShutdownNotice {feed.ShutdownNotice} must not be negative.");
        }

        if (feed.PingInterval != TimeSpan.Zero && (feed.PingInterval < TimeSpan.FromMilliseconds(100) || feed.PingInterval > TimeSpan.FromHours(1)))
        {
            errors.Add($"{where}:PingInterval {feed.PingInterval} is outside 100 ms..1 h (0 sends no pings; the venue's is 20 s).");
        }

        if (!(feed.TradeProbability is >= 0 and <= 1))
        {
            errors.Add($"{where}:TradeProbability {feed.TradeProbability} is outside 0..1.");
        }
    }

    private static void CheckInstruments(QuoteHubOptions options, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var symbol in options.Symbols)
        {
            if (symbol is null || StandardInstruments.Find(symbol) is null)
            {
                errors.Add($"QuoteHub:Symbols: '{symbol}' is not a standard instrument.");
            }
            else if (!seen.Add(symbol))
            {
                errors.Add($"QuoteHub:Symbols: '{symbol}' is listed twice.");
            }
        }

        if (options.SyntheticSymbols is < 0 or > MaxSyntheticSymbols)
        {
            errors.Add($"QuoteHub:SyntheticSymbols {options.SyntheticSymbols} is outside 0..{MaxSyntheticSymbols}.");
        }
    }

    private static void CheckRate(QuoteHubOptions options, List<string> errors)
    {
        if (!double.IsFinite(options.RateMultiplier) || options.RateMultiplier < 0)
        {
            errors.Add($"QuoteHub:RateMultiplier {options.RateMultiplier} must be a finite number >= 0.");
        }

        if (options.TargetUpdatesPerSecond is { } target)
        {
            if (!double.IsFinite(target) || target <= 0 || target > MaxUpdatesPerSecond)
            {
                errors.Add($"QuoteHub:TargetUpdatesPerSecond {target} must be > 0 and <= {MaxUpdatesPerSecond}.");
            }

            if (options.RateMultiplier != 1)
            {
                errors.Add("QuoteHub:TargetUpdatesPerSecond and QuoteHub:RateMultiplier are alternatives; set one of them.");
            }
        }

        if (options.TickInterval < TimeSpan.FromMilliseconds(1) || options.TickInterval > TimeSpan.FromSeconds(10))
        {
            errors.Add($"QuoteHub:TickInterval {options.TickInterval} is outside 1 ms..10 s.");
        }
    }

    private static void CheckFraming(QuoteHubOptions options, List<string> errors)
    {
        if (options.MaxPricesPerFrame is < 1 or > 10_000)
        {
            errors.Add($"QuoteHub:MaxPricesPerFrame {options.MaxPricesPerFrame} is outside 1..10000.");
        }

        if (!(options.PartialUpdateProbability is >= 0 and <= 1))
        {
            errors.Add($"QuoteHub:PartialUpdateProbability {options.PartialUpdateProbability} is outside 0..1.");
        }

        if (!Enum.IsDefined(options.SlowClientPolicy))
        {
            errors.Add($"QuoteHub:SlowClientPolicy '{options.SlowClientPolicy}' is not one of {string.Join(", ", Enum.GetNames<SlowClientPolicy>())}.");
        }

        if (options.ConnectionQueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add($"QuoteHub:ConnectionQueueCapacity {options.ConnectionQueueCapacity} is outside 1..1000000.");
        }
    }

    private static bool IsLoopback(string bindAddress) =>
        bindAddress == "localhost" || (IPAddress.TryParse(bindAddress, out var address) && IPAddress.IsLoopback(address));

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$")]
    private static partial Regex FeedName();
}
