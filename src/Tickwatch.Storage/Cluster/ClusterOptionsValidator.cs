using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Storage.Cluster;

/// <summary>Checks the <c>Cluster</c> section and reports every problem at once.</summary>
/// <param name="redisStore">Whether leases live where every instance sees them: the Redis Cluster (<c>Redis:Configuration</c> set), or a store the host shares between the instances of its process.</param>
/// <param name="publishPriceChannels">Whether written prices are announced on their channels (<c>Redis:PublishPriceChannels</c>); standbys replicate from them.</param>
public sealed class ClusterOptionsValidator(bool redisStore, bool publishPriceChannels) : IValidateOptions<ClusterOptions>
{
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, ClusterOptions options) => OptionsValidation.Result(Errors(options));

    /// <summary>Every problem of <paramref name="options"/>, empty when none.</summary>
    public List<string> Errors(ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            errors.Add($"Cluster:Mode must be Single or Leased; it is {options.Mode}.");
        }

        if (options.InstanceId is { } id && !LeaseName.IsWellFormed(id))
        {
            errors.Add($"Cluster:InstanceId must be non-empty, without spaces, braces, '|', ',' or '='; it is '{id}'.");
        }

        if (options.AdvertisedUrl is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Cluster:AdvertisedUrl must be an absolute http or https URL; it is '{url}'.");
        }

        CheckPositive(errors, nameof(ClusterOptions.LeaseTtl), options.LeaseTtl);
        CheckPositive(errors, nameof(ClusterOptions.RenewInterval), options.RenewInterval);
        CheckPositive(errors, nameof(ClusterOptions.SafetyMargin), options.SafetyMargin);
        CheckPositive(errors, nameof(ClusterOptions.AcquirePoll), options.AcquirePoll);
        CheckPositive(errors, nameof(ClusterOptions.HeartbeatInterval), options.HeartbeatInterval);
        CheckPositive(errors, nameof(ClusterOptions.HeartbeatTtl), options.HeartbeatTtl);
        CheckPositive(errors, nameof(ClusterOptions.OrphanGrace), options.OrphanGrace);
        CheckPositive(errors, nameof(ClusterOptions.PartitionReconcileInterval), options.PartitionReconcileInterval);

        // Two renewals may fail and the holder still acts on a lease the store holds for it.
        if (options.LeaseTtl <= (2 * options.RenewInterval) + options.SafetyMargin)
        {
            errors.Add($"Cluster:LeaseTtl ({options.LeaseTtl}) must be more than twice Cluster:RenewInterval ({options.RenewInterval}) plus Cluster:SafetyMargin ({options.SafetyMargin}).");
        }

        if (options.AcquirePoll > options.LeaseTtl)
        {
            errors.Add($"Cluster:AcquirePoll ({options.AcquirePoll}) must be at most Cluster:LeaseTtl ({options.LeaseTtl}).");
        }

        // One late heartbeat must not make a live instance look gone.
        if (options.HeartbeatTtl < 2 * options.HeartbeatInterval)
        {
            errors.Add($"Cluster:HeartbeatTtl ({options.HeartbeatTtl}) must be at least twice Cluster:HeartbeatInterval ({options.HeartbeatInterval}).");
        }

        if (options.Partitions != PartitionMap.DefaultPartitions)
        {
            errors.Add($"Cluster:Partitions must be {PartitionMap.DefaultPartitions}; it is {options.Partitions}.");
        }

        if (options.Mode == ClusterMode.Leased)
        {
            if (!redisStore)
            {
                errors.Add("Cluster:Mode Leased needs the Redis Cluster store: set Redis:Configuration (the in-memory store is one process's).");
            }

            if (!publishPriceChannels)
            {
                errors.Add("Cluster:Mode Leased needs Redis:PublishPriceChannels=true: standby instances keep their price book from those channels.");
            }
        }

        return errors;
    }

    private static void CheckPositive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxInterval)
        {
            errors.Add($"Cluster:{key} must be more than 0 and at most {MaxInterval}; it is {value}.");
        }
    }
}
