using System.ComponentModel.DataAnnotations;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>The <c>ProviderLink</c> section: where the execution gateway listens, how much may wait to be sent, and how reconnects back off.</summary>
public sealed class ProviderLinkOptions
{
    public const string Section = "ProviderLink";

    /// <summary>Connect to the gateway; off, provider-routed orders are refused <c>PROVIDER_UNAVAILABLE</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>The gateway's host for TCP (unused when <see cref="UnixSocketPath"/> is set).</summary>
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 9002;

    /// <summary>A Unix socket to connect to instead of TCP.</summary>
    public string? UnixSocketPath { get; set; }

    /// <summary>Requests waiting to be written; a request beyond it is refused <c>PROVIDER_UNAVAILABLE</c>.</summary>
    [Range(1, 10_000_000)]
    public int SendQueueCapacity { get; set; } = 10_000;

    /// <summary>Largest frame accepted from the gateway; a larger one drops the connection.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = ProviderFraming.DefaultMaxFrameBytes;

    /// <summary>First reconnect delay bound (full jitter below it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest reconnect delay bound.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A request unanswered for longer counts as stuck (the diagnosis and <c>ProviderOrdersStuck</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the pending monitor re-checks the margin of orders resting at the provider.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PendingCheckInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the pending monitor scans the whole store for resting provider orders (another instance's, or announcements missed).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PendingRescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The endpoint as operators read it: <c>tcp://127.0.0.1:9002</c> or <c>unix:/run/gw.sock</c>.</summary>
    public string Endpoint => string.IsNullOrEmpty(UnixSocketPath) ? $"tcp://{Host}:{Port}" : "unix:" + UnixSocketPath;
}
