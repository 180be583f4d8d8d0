using System.Diagnostics;

namespace Tickwatch.Cli.Tests;

/// <summary>The real executable refuses, before it starts anything, a secret given in a settings file or on the command line.</summary>
public sealed class EnvironmentOnlySecretsCliTests
{
    [Fact]
    public async Task A_signing_key_on_the_command_line_stops_the_token_command_with_exit_code_two()
    {
        var (exit, errors) = await RunAsync(["token", "--user", "1", "--Jwt:SigningKey", "signing-key-long-enough-for-hmac-0123456789"]);

        Assert.Equal(2, exit);
        Assert.Contains("❌ Configuration is invalid:", errors, StringComparison.Ordinal);
        Assert.Contains("Jwt:SigningKey is set in the command line", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("signing-key-long-enough", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_token_in_the_settings_file_stops_the_market_service_naming_the_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tickwatch-secrets-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "Operator": { "Token": "operator-token-long-enough-0123" }, "Market": { "Port": 0 } }""");
        try
        {
            var (exit, errors) = await RunAsync(["market", "--config", file]);

            Assert.Equal(2, exit);
            Assert.Contains($"Operator:Token is set in the settings file '{file}'", errors, StringComparison.Ordinal);
            Assert.Contains("TICKWATCH_Operator__Token", errors, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int Exit, string Errors)> RunAsync(string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "tickwatch"), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment.Remove("TICKWATCH_Jwt__SigningKey");
        start.Environment.Remove("TICKWATCH_Operator__Token");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await output;
        return (process.ExitCode, await errors);
    }
}
