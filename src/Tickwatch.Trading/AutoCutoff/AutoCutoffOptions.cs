using System.ComponentModel.DataAnnotations;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>The <c>AutoCutoff</c> section: how the watcher decides, locks and records, and where its margin-call e-mail goes.</summary>
public sealed class AutoCutoffOptions
{
    public const string Section = "AutoCutoff";

    /// <summary>False: no watcher (margin levels are not acted on).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>At most one margin-call e-mail per account in this window (the reference's 3 h), across restarts and services.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MarginCallInterval { get; set; } = TimeSpan.FromHours(3);

    /// <summary>The stop-out lock's life alone (single mode) unless configured.</summary>
    public static readonly TimeSpan SingleLockTtl = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The stop-out lock's life in a leased cluster unless configured: a stop-out cut off by its instance's death is
    /// taken over by the account's new partition owner once the lock expires, so within about this long (risk 6).
    /// </summary>
    public static readonly TimeSpan LeasedLockTtl = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long a stop-out lock lives unless renewed (renewed every third of it while its holder works); unset,
    /// <see cref="SingleLockTtl"/> alone and <see cref="LeasedLockTtl"/> in a leased cluster.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LockTtl { get; set; } = SingleLockTtl;

    /// <summary>A portfolio older than this when it is decided on is not acted on (held: <c>stale_portfolio</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxPortfolioAge { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Positions one stop-out closes at most before it stops and lets the next portfolio start another.</summary>
    [Range(1, 10_000)]
    public int MaxClosesPerStopOut { get; set; } = 200;

    /// <summary>
    /// How long a stop-out waits for the liquidity provider's report on a close it asked for (a provider-routed account)
    /// before it holds (<c>provider_close_outstanding</c>); the lock is renewed meanwhile.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ProviderCloseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>While waiting on the provider, how often the store is read again when no portfolio of the account came.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan ProviderCloseCheckInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Stop-outs of different accounts run at once in this service.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrentStopOuts { get; set; } = 16;

    /// <summary>Decisions kept for <c>/api/debug/autocutoff</c>.</summary>
    [Range(1, 100_000)]
    public int RecentDecisions { get; set; } = 200;

    /// <summary>Who this service is in a lock's value; empty: the cluster's instance id in a leased cluster, else the machine, the process and a random part.</summary>
    public string? Owner { get; set; }

    /// <summary>Where each message is written as an <c>.eml</c> file when no SMTP server is configured; relative to the working folder.</summary>
    public string MailFolder { get; set; } = Path.Combine(".tickwatch", "mail");

    /// <summary>Messages waiting to be sent; a full queue drops the new one (counted), never blocks the watcher.</summary>
    [Range(1, 1_000_000)]
    public int MailQueueSize { get; set; } = 1_000;

    /// <summary>Tries per message before it is counted failed.</summary>
    [Range(1, 20)]
    public int MailAttempts { get; set; } = 3;

    /// <summary>Wait before a failed send is tried again, doubled per try.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MailRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public AutoCutoffSmtpOptions Smtp { get; set; } = new();

    /// <summary>The lock owner to use: <see cref="Owner"/>; unset, the instance id of a leased cluster's <paramref name="leases"/> (so a lock names the instance that holds it), else one made for this process.</summary>
    public string EffectiveOwner(ILeaseHolder? leases = null) =>
        !string.IsNullOrWhiteSpace(Owner) ? Owner
        : leases is { Mode: ClusterMode.Leased } ? leases.InstanceId
        : DefaultOwner;

    private static readonly string DefaultOwner =
        Environment.MachineName + "/" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + Guid.NewGuid().ToString("N")[..8];
}
