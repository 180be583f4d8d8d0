using System.Text;
using Microsoft.Extensions.Configuration;
using Tickwatch.Cli.Commands;

namespace Tickwatch.Cli.Tests;

public sealed class EnvironmentOnlySecretsUnitTests
{
    private const string Token = "operator-token-long-enough-0123";
    private const string Key = "signing-key-long-enough-for-hmac-0123456789";

    [Fact]
    public void Secrets_on_the_command_line_are_refused_naming_the_key_and_the_variable()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(["--Operator:Token", Token, "--Jwt:SigningKey", Key]).Build();

        var errors = EnvironmentOnlySecrets.Errors(configuration);

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Operator:Token is set in the command line", errors[0], StringComparison.Ordinal);
        Assert.Contains("TICKWATCH_Operator__Token", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Jwt:SigningKey is set in the command line", errors[1], StringComparison.Ordinal);
        Assert.Contains("TICKWATCH_Jwt__SigningKey", errors[1], StringComparison.Ordinal);
        Assert.DoesNotContain(Token, string.Join('\n', errors), StringComparison.Ordinal);
    }

    [Fact]
    public void The_certificate_password_in_a_settings_file_is_refused_without_showing_it()
    {
        const string password = "pfx-password-not-to-be-shown";
        using var file = new MemoryStream(Encoding.UTF8.GetBytes($$"""{ "Tls": { "CertificatePath": "/etc/tickwatch/tls.pfx", "CertificatePassword": "{{password}}" } }"""));
        var configuration = new ConfigurationBuilder().AddJsonStream(file).Build();

        var error = Assert.Single(EnvironmentOnlySecrets.Errors(configuration));

        Assert.StartsWith("Tls:CertificatePassword is set in ", error, StringComparison.Ordinal);
        Assert.Contains("TICKWATCH_Tls__CertificatePassword", error, StringComparison.Ordinal);
        Assert.DoesNotContain(password, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_in_a_settings_file_is_refused_even_when_the_environment_sets_it_too()
    {
        var prefix = $"TWTEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "Jwt__SigningKey", Key);
        try
        {
            using var file = new MemoryStream(Encoding.UTF8.GetBytes($$"""{ "Jwt": { "SigningKey": "{{Key}}" } }"""));
            var configuration = new ConfigurationBuilder().AddJsonStream(file).AddEnvironmentVariables(prefix).Build();

            var error = Assert.Single(EnvironmentOnlySecrets.Errors(configuration));

            Assert.StartsWith("Jwt:SigningKey is set in ", error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Jwt__SigningKey", null);
        }
    }

    [Fact]
    public void Secrets_from_the_environment_and_no_secrets_at_all_pass()
    {
        var prefix = $"TWTEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "Operator__Token", Token);
        try
        {
            var fromEnvironment = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" })
                .AddEnvironmentVariables(prefix)
                .AddCommandLine(["--Market:Port", "8001"])
                .Build();

            Assert.Empty(EnvironmentOnlySecrets.Errors(fromEnvironment));
            Assert.Empty(EnvironmentOnlySecrets.Errors(new ConfigurationBuilder().AddCommandLine([]).Build()));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Operator__Token", null);
        }
    }
}
