using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting;

namespace Tickwatch.Cli.Commands;

/// <summary>
/// The configuration every subcommand reads: an optional JSON file, <c>TICKWATCH_</c> variables, then <c>--Section:Key value</c>
/// switches; the secrets of <see cref="EnvironmentOnlySecrets"/> only from the variables.
/// </summary>
internal static class CliConfiguration
{
    public static Option<FileInfo?> ConfigFileOption() => new("--config", "-c")
    {
        Description = "JSON configuration file (default: tickwatch.json in the current folder, if present).",
    };

    public static IConfigurationRoot Build(ParseResult parse, Option<FileInfo?> configFile)
    {
        // Lowest priority: keep the framework's per-request lines out of the operators' console.
        var builder = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        if (parse.GetValue(configFile) is { } file)
        {
            if (!file.Exists)
            {
                throw new FileNotFoundException($"Configuration file '{file.FullName}' does not exist.", file.FullName);
            }

            builder.AddJsonFile(file.FullName, optional: false);
        }
        else
        {
            builder.AddJsonFile(Path.Combine(Environment.CurrentDirectory, "tickwatch.json"), optional: true);
        }

        var configuration = builder
            .AddEnvironmentVariables(TickwatchEnvironment.Prefix)
            .AddCommandLine([.. parse.UnmatchedTokens])
            .Build();
        if (EnvironmentOnlySecrets.Errors(configuration) is { Count: > 0 } errors)
        {
            throw new OptionsValidationException("Tickwatch", typeof(EnvironmentOnlySecrets), errors);
        }

        return configuration;
    }
}
