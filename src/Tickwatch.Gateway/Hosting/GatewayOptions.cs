using System.ComponentModel.DataAnnotations;

namespace Tickwatch.Gateway.Hosting;

/// <summary>Where the gateway listens and how it reaches the market service (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Address to bind; loopback by default, <c>0.0.0.0</c> to serve other hosts.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTP (or HTTPS) port; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 3000;

    /// <summary>Serve HTTPS instead of HTTP on <see cref="Port"/>, with the certificate of the <c>Tls</c> section; off for development and <c>tickwatch up</c>.</summary>
    public bool Https { get; set; }

    /// <summary>Base address of the market service, for its health and the proxied routes; <c>https://</c> when it serves HTTPS. Used when <see cref="MarketServiceUrls"/> is empty.</summary>
    [Required]
    public string MarketServiceUrl { get; set; } = "http://127.0.0.1:8000";

    /// <summary>
    /// Base addresses of the market services (<c>Gateway:MarketServiceUrls:0</c>, <c>:1</c>, …), in order of preference: the
    /// gateway calls the one that last answered and goes on to the next when a call cannot connect or is answered 503.
    /// Empty: <see cref="MarketServiceUrl"/> alone.
    /// </summary>
    public List<string> MarketServiceUrls { get; set; } = [];

    /// <summary>The market services the gateway calls: <see cref="MarketServiceUrls"/>, or <see cref="MarketServiceUrl"/> when that is empty.</summary>
    public IReadOnlyList<string> EffectiveMarketServiceUrls => MarketServiceUrls.Count > 0 ? MarketServiceUrls : [MarketServiceUrl];

    /// <summary>
    /// A certificate file (PEM, one or more, or DER) of the authorities to trust for an <c>https://</c>
    /// <see cref="MarketServiceUrl"/> instead of the system's, such as a broker's internal CA; the certificate is still
    /// checked in full (chain, name, dates). Empty: the system's trusted authorities.
    /// </summary>
    public string? MarketServiceTrustedCaPath { get; set; }

    /// <summary>Ceiling of every upstream call (market service, proxy, store reads); the reference's 30 seconds.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time the market service's health endpoint gets before <c>python-health</c> reports it unreachable.</summary>
    public TimeSpan MarketHealthTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the gateway probes the market service on its own, for <c>tickwatch_gateway_market_service_up</c>; zero turns it off.</summary>
    public TimeSpan MarketHealthProbeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long <c>/market/health/ready</c> answers from the market service's last readiness report: a flood of probes costs it one call per this time.</summary>
    public TimeSpan MarketReadinessCacheTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Kestrel's inline scheduling: a send goes to the socket on the thread that writes it, and request code runs on the
    /// socket's thread, instead of each going through the thread pool. Off by default (Kestrel's own default): with a
    /// thousand stream clients it lowered p99 in some settings and not others (docs/BENCHMARKS.md), and any blocking
    /// request code would then hold a socket thread.
    /// </summary>
    public bool InlineSocketScheduling { get; set; }
}
