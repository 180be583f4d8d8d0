using System.ComponentModel.DataAnnotations;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Feeds.Listening;

/// <summary>One configured market feed (section <c>Feeds:N</c>).</summary>
public sealed class FeedOptions
{
    // Unset keep the protocol's default, whichever order configuration binds Protocol and these in.
    private TimeSpan? _pingInterval;
    private TimeSpan? _noDataTimeout;

    /// <summary>Name used in logs, diagnostics and metrics, e.g. <c>json</c> or <c>binary</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9_-]{0,31}$")]
    public string Name { get; set; } = "";

    public FeedProtocol Protocol { get; set; } = FeedProtocol.Json;

    /// <summary>WebSocket URL of the quote hub, without the token: <c>ws://</c>, or <c>wss://</c> for TLS.</summary>
    [Required]
    public Uri? Url { get; set; }

    /// <summary>
    /// A certificate file (PEM, one or more, or DER) of the authorities to trust for a <c>wss://</c> <see cref="Url"/>
    /// instead of the system's, such as a provider's private CA; the certificate is still checked in full. The market
    /// service reads it and hands the listener its chain policy.
    /// </summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>
    /// Binance feeds only: the venue symbols the feed prices and the broker's symbols they are
    /// (<c>Feeds:N:Symbols:BTCUSDT=BTCUSD</c>). Empty passes venue symbols through under their own names; set, it is the
    /// feed's whole list and any other venue symbol is refused as unknown.
    /// </summary>
    public Dictionary<string, string> Symbols { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Authentication token, sent as the <c>token</c> query parameter; never logged.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// <see cref="FeedProtocol.BinanceSbe"/> only, where the venue requires it: the API key sent in the <c>X-MBX-APIKEY</c>
    /// header of the WebSocket upgrade. A secret: from the environment only (<c>TICKWATCH_Feeds__N__ApiKey</c>), never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Interval of the client's WebSocket pings; 0 sends none. Unset, 20 s for the reference protocols and off for Binance,
    /// whose server pings every 20 s (answered automatically) and counts our pings against its 5 messages/s limit.
    /// </summary>
    public TimeSpan PingInterval
    {
        get => _pingInterval ?? (IsBinance ? TimeSpan.Zero : TimeSpan.FromSeconds(20));
        set => _pingInterval = value;
    }

    /// <summary>A ping not answered within this closes the connection.</summary>
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A socket that delivers no message for this long is treated as dead and replaced. Unset, 5 s for the reference
    /// protocols (the hub sends heartbeats) and 60 s for Binance, whose quiet symbols may not change for many seconds and
    /// whose control frames are no sign of prices.
    /// </summary>
    public TimeSpan NoDataTimeout
    {
        get => _noDataTimeout ?? (IsBinance ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(5));
        set => _noDataTimeout = value;
    }

    /// <summary>First reconnect delay bound; doubles per failed attempt (full jitter).</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Largest reconnect delay bound.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed to open the connection.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Frames larger than this are discarded and counted as oversized.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How far a source time may be ahead of the local receipt time; a frame stamped further ahead is refused as
    /// <c>future_timestamp</c>. At most <see cref="SourceClock.MaxStoredLead"/>; see <see cref="SourceClock.DefaultMaxClockSkew"/> for the default's reason.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = SourceClock.DefaultMaxClockSkew;

    /// <summary>How often the "connection stable" line is logged while messages flow.</summary>
    public TimeSpan StableLogInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Recording of every frame received, before decoding (<c>Feeds:N:Record:Directory</c>, off when empty), to <c>.twrec</c> files.</summary>
    public FeedRecordOptions Record { get; set; } = new();

    /// <summary>Whether the feed speaks one of the Binance protocols (venue keep-alive rules, symbol map, routine reconnections).</summary>
    public bool IsBinance => Protocol is FeedProtocol.BinanceJson or FeedProtocol.BinanceSbe;
}
