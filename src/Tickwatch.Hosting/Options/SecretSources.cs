using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace Tickwatch.Hosting.Options;

/// <summary>
/// Where a secret was set other than the environment: a settings file or a command-line switch is read by anyone who can
/// read the file or the process list. Values set in code (in-memory, as tests and <c>tickwatch up</c> do) are allowed.
/// </summary>
public static class SecretSources
{
    /// <summary>Every configuration source outside the environment and code that sets <paramref name="key"/>, by name.</summary>
    public static IEnumerable<string> OutsideEnvironment(IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(key);
        if (configuration is not IConfigurationRoot root)
        {
            yield break;
        }

        foreach (var provider in root.Providers)
        {
            if (provider is ChainedConfigurationProvider chained)
            {
                foreach (var inner in OutsideEnvironment(chained.Configuration, key))
                {
                    yield return inner;
                }

                continue;
            }

            if (provider is EnvironmentVariablesConfigurationProvider or MemoryConfigurationProvider)
            {
                continue;
            }

            if (provider.TryGet(key, out var value) && !string.IsNullOrEmpty(value))
            {
                yield return provider.ToString() ?? provider.GetType().Name;
            }
        }
    }

    /// <summary>The environment variable that sets <paramref name="key"/> (<c>Feeds:0:ApiKey</c> → <c>TICKWATCH_Feeds__0__ApiKey</c>).</summary>
    public static string VariableFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TickwatchEnvironment.Prefix + key.Replace(":", "__", StringComparison.Ordinal);
    }
}
