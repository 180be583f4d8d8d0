using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Storage.Redis;

/// <summary>Checks the <c>Redis</c> section and reports every problem at once.</summary>
/// <remarks>
/// Besides the values, it checks where the password comes from: from the environment (or from code), never
/// from a file or a command-line switch, where it would be read by anyone who can read the file or the process list.
/// </remarks>
public sealed class RedisStoreOptionsValidator : IValidateOptions<RedisStoreOptions>
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);
    private readonly IConfiguration? _configuration;

    public RedisStoreOptionsValidator(IConfiguration? configuration = null)
    {
        _configuration = configuration;
    }

    public ValidateOptionsResult Validate(string? name, RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem of <paramref name="options"/>, empty when none.</summary>
    public List<string> Errors(RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckTimeout(errors, "Redis:ConnectTimeout", options.ConnectTimeout);
        CheckTimeout(errors, "Redis:SyncTimeout", options.SyncTimeout);
        CheckTimeout(errors, "Redis:NodeProbeTimeout", options.NodeProbeTimeout);
        CheckTimeout(errors, "Redis:TopologyCheckInterval", options.TopologyCheckInterval);
        if (options.SymbolUpdatesListenerCheck < TimeSpan.Zero || options.SymbolUpdatesListenerCheck > MaxTimeout)
        {
            errors.Add($"Redis:SymbolUpdatesListenerCheck must be 0 (always announce) or positive and at most {MaxTimeout}; it is {options.SymbolUpdatesListenerCheck}.");
        }
        if (string.IsNullOrWhiteSpace(options.ClientName) || options.ClientName.Any(char.IsWhiteSpace))
        {
            errors.Add("Redis:ClientName must be a non-empty name without spaces.");
        }

        if (options.IsConfigured)
        {
            CheckConfiguration(errors, options.Configuration!);
        }
        else if (!string.IsNullOrEmpty(options.Password))
        {
            errors.Add("Redis:Password is set but Redis:Configuration is empty: set the seed list (e.g. 127.0.0.1:7101,127.0.0.1:7102) or remove the password.");
        }

        if (_configuration is not null)
        {
            foreach (var source in SecretSources.OutsideEnvironment(_configuration, RedisStoreOptions.SectionName + ":" + nameof(RedisStoreOptions.Password)))
            {
                errors.Add($"Redis:Password must come from the environment (TICKWATCH_Redis__Password), not from {source}.");
            }
        }

        return errors;
    }

    private static void CheckConfiguration(List<string> errors, string configuration)
    {
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"Redis:Configuration is not a valid seed list ({ex.Message}); expected host:port,host:port.");
            return;
        }

        if (parsed.EndPoints.Count == 0)
        {
            errors.Add("Redis:Configuration names no node; expected host:port,host:port.");
        }

        if (!string.IsNullOrEmpty(parsed.Password))
        {
            errors.Add("Redis:Configuration must not contain the password; set Redis:Password in the environment (TICKWATCH_Redis__Password).");
        }
    }

    private static void CheckTimeout(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxTimeout)
        {
            errors.Add($"{key} must be more than 0 and at most {MaxTimeout}; it is {value}.");
        }
    }
}
