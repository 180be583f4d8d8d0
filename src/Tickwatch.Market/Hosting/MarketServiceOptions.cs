using System.ComponentModel.DataAnnotations;

namespace Tickwatch.Market.Hosting;

/// <summary>Where the market service listens (section <c>Market</c>).</summary>
public sealed class MarketServiceOptions
{
    public const string SectionName = "Market";

    /// <summary>Address to bind; loopback by default, <c>0.0.0.0</c> to serve other hosts.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTP (or HTTPS) port; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 8000;

    /// <summary>Serve HTTPS instead of HTTP on <see cref="Port"/>, with the certificate of the <c>Tls</c> section; off for development and <c>tickwatch up</c>.</summary>
    public bool Https { get; set; }

    /// <summary>
    /// When a critical start-up prerequisite (the store) fails: false stops start-up with a clear error;
    /// true starts anyway, degraded (<c>/health/ready</c> answers 503), and rechecks it in the background until it passes.
    /// </summary>
    public bool StartDegraded { get; set; }
}
