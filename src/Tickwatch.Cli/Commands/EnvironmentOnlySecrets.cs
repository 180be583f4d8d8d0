using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Tickwatch.Hosting;

namespace Tickwatch.Cli.Commands;

/// <summary>
/// The secrets that may come only from the environment: a settings file is copied, committed and backed up, and the
/// command line shows in <c>ps</c> and shell history. Applied where the executable reads files and switches, so that
/// hosts built in code (tests, <c>tickwatch up</c>'s own minted key) are not affected.
/// </summary>
internal static class EnvironmentOnlySecrets
{
    /// <summary>The keys, as configuration names them.</summary>
    public static readonly IReadOnlyList<string> Keys = ["Operator:Token", "Jwt:SigningKey", "Tls:CertificatePassword", "AutoCutoff:Smtp:User", "AutoCutoff:Smtp:Password"];

    /// <summary>One problem per secret that any source other than the environment sets, naming the key, the source and the variable to use.</summary>
    public static List<string> Errors(IConfigurationRoot configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        foreach (var key in Keys)
        {
            // Highest priority first: the source that would win is named first.
            foreach (var provider in configuration.Providers.Reverse())
            {
                if (provider is not EnvironmentVariablesConfigurationProvider && provider.TryGet(key, out var value) && !string.IsNullOrEmpty(value))
                {
                    var variable = TickwatchEnvironment.Prefix + key.Replace(":", "__", StringComparison.Ordinal);
                    errors.Add($"{key} is set in {SourceOf(provider)}: a secret is read only from the environment ({variable}); remove it there.");
                }
            }
        }

        return errors;
    }

    private static string SourceOf(IConfigurationProvider provider) => provider switch
    {
        CommandLineConfigurationProvider => "the command line",
        FileConfigurationProvider file => $"the settings file '{file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "").PhysicalPath ?? file.Source.Path}'",
        _ => provider.ToString() ?? provider.GetType().Name,
    };
}
