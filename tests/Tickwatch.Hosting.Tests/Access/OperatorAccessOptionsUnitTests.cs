using Tickwatch.Hosting.Access;

namespace Tickwatch.Hosting.Tests.Access;

public sealed class OperatorAccessOptionsUnitTests
{
    [Fact]
    public void The_defaults_trust_loopback_answer_loopback_names_and_allow_no_origin()
    {
        var options = new OperatorAccessOptions();

        Assert.True(options.TrustLoopback);
        Assert.Equal(["localhost", "127.0.0.1", "[::1]"], OperatorAccessOptions.Entries(options.AllowedHosts));
        Assert.Empty(OperatorAccessOptions.Entries(options.AllowedOrigins));
        Assert.True(new OperatorAccessOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("short-token")]
    [InlineData("twenty-three-characters")]
    [InlineData("has white space in it, long enough")]
    public void A_short_or_spaced_token_is_refused_naming_the_key(string token)
    {
        var result = new OperatorAccessOptionsValidator().Validate(null, new OperatorAccessOptions { Token = token });

        Assert.True(result.Failed);
        Assert.Contains("Operator:Token must be at least 24 characters", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_of_24_characters_is_enough()
    {
        Assert.True(new OperatorAccessOptionsValidator().Validate(null, new OperatorAccessOptions { Token = new string('x', 24) }).Succeeded);
    }

    [Fact]
    public void Hosts_must_be_listed_and_origins_must_be_origins()
    {
        var result = new OperatorAccessOptionsValidator().Validate(null, new OperatorAccessOptions
        {
            AllowedHosts = " ; ",
            AllowedOrigins = "https://ops.example.net; https://ops.example.net/dashboard; ftp://files.example.net",
        });

        var failures = result.Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Operator:AllowedHosts is empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'https://ops.example.net/dashboard' is not an origin", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'ftp://files.example.net' is not an origin", StringComparison.Ordinal));
    }
}
